/**
 * Benchmarks written against htmlrewriter's public API ({@code org.htmlrewriter.HtmlRewriter}): the workloads
 * P0, S1..S5, R1..R3, T1, T2 with the chunk-size parameter, and the selector-count benchmark of issue 3. Kept in
 * their own package so the module's pom can leave them out of compilation while the API does not exist yet.
 */
package org.htmlrewriter.bench.api;

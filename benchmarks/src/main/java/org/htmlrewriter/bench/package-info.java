/**
 * JMH benchmarks comparing htmlrewriter with other engines and with the hardware limit.
 */
package org.htmlrewriter.bench;

/**
 * The {@code htmlrewriter} command line ({@link org.htmlrewriter.cli.Main}): the rules format
 * ({@link org.htmlrewriter.cli.RuleSet}), the {@code rewrite} command, and a rewriting reverse proxy
 * ({@link org.htmlrewriter.cli.RewritingProxy}) with a built-in demo origin ({@link org.htmlrewriter.cli.DemoSite}).
 */
package org.htmlrewriter.cli;

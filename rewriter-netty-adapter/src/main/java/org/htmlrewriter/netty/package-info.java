/**
 * Netty adapter: rewrites HTML response bodies as their HttpContent chunks pass through a proxy's pipeline (not yet implemented).
 */
package org.htmlrewriter.netty;

package org.htmlrewriter.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.htmlrewriter.netty.HtmlRewritingConfig;

/**
 * The {@code htmlrewriter} command: {@code rewrite} a file or standard input, or run a rewriting {@code proxy}.
 * Exit status: 0 done, 1 the rewrite or the proxy failed, 2 bad usage or bad rules (nothing ran).
 */
public final class Main {
    static final String USAGE = """
            usage:
              htmlrewriter rewrite [--rules FILE]... [--rule 'SELECTOR ACTION ARGS']... [--charset auto|NAME]
                                   [-o FILE | -o OUTDIR] [-j N] [-q] [FILE | - | INDIR]
                  Rewrites FILE (or standard input) to standard output (or -o FILE), or every file under INDIR
                  into OUTDIR. Prints a summary to standard error unless -q. More: htmlrewriter rewrite --help
              htmlrewriter proxy [--listen HOST:PORT] [--upstream http://HOST:PORT] [--rules FILE]... [--rule ...]
                                 [LIMITS]
                  A reverse proxy that rewrites HTML responses. Without --upstream it serves a built-in demo
                  site through the proxy (with built-in demo rules unless rules are given). Default listen
                  address 127.0.0.1:8080.
            """ + ProxyOptions.USAGE + """
            Rules: one per line, SELECTOR ACTION [ARGUMENTS]; '#' starts a comment. Actions:
            """;

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        if (status != 0 || (args.length > 0 && args[0].equals("rewrite"))) {
            System.out.flush();
            System.exit(status);
        }
    }

    /** Runs a command; returns the exit status. {@code proxy} blocks until the process is stopped. */
    static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        if (args.length == 0) {
            stderr.print(usage());
            return 2;
        }
        if (args[0].equals("-h") || args[0].equals("--help") || args[0].equals("help")) {
            stdout.print(usage());
            return 0;
        }
        if (args[0].equals("--version")) {
            stdout.println(Version.line(Main.class.getClassLoader()));
            return 0;
        }
        if (args[0].equals("rewrite")) {
            return RewriteCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length), stdin, stdout, stderr);
        }
        if (args[0].equals("proxy")) {
            String asked = helpOrVersion(java.util.Arrays.copyOfRange(args, 1, args.length));
            if (asked != null) {
                stdout.print(asked.equals("--version") ? Version.line(Main.class.getClassLoader()) + "\n"
                        : proxyUsage());
                return 0;
            }
        }
        try {
            switch (args[0]) {
                case "proxy":
                    return proxy(java.util.Arrays.copyOfRange(args, 1, args.length), stdout, stderr);
                default:
                    throw new UsageException("unknown command '" + args[0] + "'");
            }
        } catch (UsageException e) {
            stderr.println("htmlrewriter: " + e.getMessage());
            stderr.println("try: htmlrewriter --help");
            return 2;
        } catch (RuleSyntaxException e) {
            stderr.println("htmlrewriter: " + e.getMessage());
            return 2;
        }
    }

    static String usage() {
        return USAGE + "  " + String.join(", ", RuleSet.actionNames()) + "\n";
    }

    /** The proxy's part of {@link #USAGE}, and the rules line. */
    static String proxyUsage() {
        String usage = usage();
        int start = usage.indexOf("  htmlrewriter proxy");
        int rules = usage.indexOf("Rules:", start);
        return "usage:\n" + usage.substring(start, rules) + "Rules: see htmlrewriter rewrite --help\n";
    }

    /**
     * {@code --help} (or {@code -h}) or {@code --version} among a command's options, or null; a value of
     * {@code --rule} or {@code --rules} does not count.
     */
    static String helpOrVersion(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rule", "--rules" -> i++;
                case "-h", "--help" -> {
                    return "--help";
                }
                case "--version" -> {
                    return "--version";
                }
                default -> {
                }
            }
        }
        return null;
    }

    /** Bad command line. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Options shared by both commands. */
    private static final class Options {
        RuleSet rules = RuleSet.empty();
        boolean anyRules;
        Charset charset = StandardCharsets.UTF_8;
        String output;
        boolean quiet;
        String input;
        String listen = "127.0.0.1:8080";
        String upstream;
    }

    private static Options parse(String[] args, boolean proxy) throws UsageException, RuleSyntaxException {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rules" -> {
                    String file = value(args, ++i, a);
                    String text;
                    try {
                        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UsageException("cannot read rules file " + file + ": " + e.getMessage());
                    }
                    o.rules = o.rules.plus(RuleSet.parse(text, file));
                    o.anyRules = true;
                }
                case "--rule" -> {
                    o.rules = o.rules.plus(RuleSet.parse(value(args, ++i, a), "--rule"));
                    o.anyRules = true;
                }
                case "--charset" -> {
                    String name = value(args, ++i, a);
                    try {
                        o.charset = Charset.forName(name);
                    } catch (RuntimeException e) {
                        throw new UsageException("unknown charset " + name);
                    }
                }
                case "-o", "--output" -> o.output = value(args, ++i, a);
                case "-q", "--quiet" -> o.quiet = true;
                case "--listen" -> o.listen = value(args, ++i, a);
                case "--upstream" -> o.upstream = value(args, ++i, a);
                default -> {
                    if (a.startsWith("-") && !a.equals("-")) {
                        throw new UsageException("unknown option " + a);
                    }
                    if (o.input != null || proxy) {
                        throw new UsageException("unexpected argument " + a);
                    }
                    o.input = a;
                }
            }
        }
        return o;
    }

    static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }

    private static int proxy(String[] args, PrintStream stdout, PrintStream stderr)
            throws UsageException, RuleSyntaxException {
        ProxyOptions.Parsed limits = ProxyOptions.parse(List.of(args), ProxyOptions.defaults());
        Options o = parse(limits.rest().toArray(String[]::new), true);
        InetSocketAddress listen = hostPort(o.listen);
        RuleSet rules = o.rules;
        DemoSite demo = null;
        URI upstream;
        try {
            if (o.upstream == null) {
                demo = DemoSite.start();
                upstream = URI.create("http://127.0.0.1:" + demo.address().getPort());
                if (!o.anyRules) {
                    rules = RuleSet.parse(new String(DemoSite.resource("rules.txt"), StandardCharsets.UTF_8),
                            "built-in demo rules");
                }
            } else {
                try {
                    upstream = URI.create(o.upstream);
                } catch (IllegalArgumentException e) {
                    throw new UsageException("bad --upstream URL " + o.upstream);
                }
            }
            RuleSet chosen = rules;
            HtmlRewritingConfig config = HtmlRewritingConfig.builder().rules(b -> chosen.applyTo(b, null))
                    .memoryLimit(limits.options().memoryLimit())
                    .sharedMemoryBudget(org.htmlrewriter.MemoryBudget.of(limits.options().memoryBudget()))
                    .narrowAcceptEncoding(true)
                    .listener(new org.htmlrewriter.netty.RewritingListener() {
                        @Override
                        public void rewriteFailed(org.htmlrewriter.netty.RequestInfo request, Throwable cause,
                                Outcome outcome) {
                            stderr.println("htmlrewriter: " + request + ": " + outcome + ": " + cause);
                        }
                    }).build();
            RewritingProxy proxy;
            try {
                proxy = RewritingProxy.start(listen, upstream, config, limits.options());
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
            InetSocketAddress bound = proxy.address();
            String url = "http://" + bound.getHostString() + ":" + bound.getPort() + "/";
            if (demo != null) {
                stdout.println("htmlrewriter demo: open " + url + " (the demo origin itself is at " + upstream
                        + "/); " + rules.size() + " rules; Ctrl-C to stop");
            } else {
                stdout.println("htmlrewriter proxy: " + url + " -> " + upstream + "; " + rules.size()
                        + " rules; Ctrl-C to stop");
            }
            stdout.flush();
            CountDownLatch stop = new CountDownLatch(1);
            DemoSite demoToClose = demo;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                proxy.close();
                if (demoToClose != null) {
                    demoToClose.close();
                }
                stop.countDown();
            }));
            stop.await();
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (RuntimeException e) {
            if (demo != null) {
                demo.close();
            }
            stderr.println("htmlrewriter: cannot start the proxy: " + e);
            return 1;
        }
    }

    static InetSocketAddress hostPort(String text) throws UsageException {
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            throw new UsageException("--listen needs HOST:PORT, got " + text);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new InetSocketAddress(host.isEmpty() ? "127.0.0.1" : host, port);
        } catch (NumberFormatException e) {
            throw new UsageException("bad port in " + text);
        }
    }

    static List<String> argsOf(String... a) {
        return new ArrayList<>(List.of(a));
    }
}

package dev.vamana.server;

import java.nio.file.Path;

/** Child process for {@link ServerCrashRecoveryTest}: serves a data folder on a free port and prints "PORT n". */
public final class ServerCrashChild {
    public static void main(String[] args) throws Exception {
        var manager = TestServers.manager(Path.of(args[0]));
        var server = new VamanaServer(manager, ServerOptions.local(0)).start();
        System.out.println("PORT " + server.port());
        System.out.flush();
        Thread.sleep(120_000); // bounded: the parent kills it long before
        System.exit(0);
    }
}

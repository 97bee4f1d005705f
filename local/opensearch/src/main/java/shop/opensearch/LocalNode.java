package shop.opensearch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.opensearch.Version;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.http.HttpServerTransport;
import org.opensearch.index.mapper.MapperExtrasPlugin;
import org.opensearch.index.reindex.ReindexPlugin;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.painless.PainlessPlugin;
import org.opensearch.plugins.ExtensiblePlugin;
import org.opensearch.plugins.Plugin;
import org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin;
import org.opensearch.transport.Netty4Plugin;

/**
 * A single-node OpenSearch from Maven Central jars, for the local shop and CI (no distribution, no Docker).
 *
 * <pre>
 * java -cp 'target/classes:target/lib/*' shop.opensearch.LocalNode --dir .data/opensearch --port 9200 [-Ekey=value ...]
 * </pre>
 *
 * Everything lives under --dir (data in data/, logs in logs/); it listens on 127.0.0.1 only. Prints one line
 * starting with "OPENSEARCH STARTED" once HTTP answers, and stops cleanly on SIGTERM / Ctrl-C.
 */
public final class LocalNode extends Node {
  private static final List<Class<? extends Plugin>> PLUGINS = List.of(
      Netty4Plugin.class,
      CommonAnalysisPlugin.class,
      MapperExtrasPlugin.class,
      PainlessPlugin.class,
      ReindexPlugin.class,
      MatrixAggregationPlugin.class);

  private LocalNode(Environment environment) {
    super(environment, PLUGINS, true);
  }

  public static void main(String[] args) throws Exception {
    // Set before log4j or netty initialise (local/opensearch.ts passes the same on the command line).
    System.setProperty("log4j.shutdownHookEnabled", "false");
    System.setProperty("log4j2.disable.jmx", "true");
    System.setProperty("opensearch.set.netty.runtime.available.processors", "false");

    Path dir = null;
    String port = "9200";
    Settings.Builder extra = Settings.builder();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--dir") && i + 1 < args.length) dir = Path.of(args[++i]).toAbsolutePath();
      else if (arg.equals("--port") && i + 1 < args.length) port = args[++i];
      else if (arg.startsWith("-E") && arg.indexOf('=') > 2)
        extra.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
      else {
        System.err.println("usage: LocalNode --dir <folder> [--port <http port>] [-Ekey=value ...]; unknown: " + arg);
        System.exit(2);
      }
    }
    if (dir == null) {
      System.err.println("usage: LocalNode --dir <folder> [--port <http port>] [-Ekey=value ...]");
      System.exit(2);
    }
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("logs"));

    Settings settings = Settings.builder()
        .put("cluster.name", "shop-local")
        .put("node.name", "shop-local")
        .put("path.home", dir.toString())
        .put("path.data", dir.resolve("data").toString())
        .put("path.logs", dir.resolve("logs").toString())
        .put("network.host", "127.0.0.1")
        .put("http.port", port)
        .put("transport.port", "9300-9400")
        .put("discovery.type", "single-node")
        .put("cluster.routing.allocation.disk.threshold_enabled", false)
        .put("action.auto_create_index", true)
        .put("logger.level", "INFO")
        .put(extra.build())
        .build();
    // Without this nothing is logged at all (there is no log4j2.properties on a classpath node).
    LogConfigurator.configureWithoutConfig(settings);

    // Classpath plugins get no extensions: hand analysis-common's Painless allowlist (predicate_token_filter,
    // condition) to Painless ourselves, or those script types are rejected. The allowlists are static.
    ClassLoader loader = LocalNode.class.getClassLoader();
    new PainlessPlugin().loadExtensions(new ExtensiblePlugin.ExtensionLoader() {
      @Override
      public <T> List<T> loadExtensions(Class<T> type) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(found::add);
        return found;
      }
    });

    Environment environment =
        InternalSettingsPreparer.prepareEnvironment(settings, Map.of(), null, () -> "shop-local");
    LocalNode node = new LocalNode(environment);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.close();
        node.awaitClose(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        e.printStackTrace();
      } finally {
        System.out.println("OPENSEARCH STOPPED");
        System.out.flush();
        stopped.countDown();
      }
    }, "shop-opensearch-shutdown"));

    node.start();
    String address = node.injector().getInstance(HttpServerTransport.class).boundAddress().publishAddress().toString();
    System.out.println("OPENSEARCH STARTED " + Version.CURRENT + " on http://" + address + " (data in " + dir + ")");
    System.out.flush();
    stopped.await();
  }
}

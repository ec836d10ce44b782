// DynamoDB Local on 127.0.0.1 only. The jar has no host option and binds every interface
// (DynamoDBProxyServer builds `new Server(port)`), so this starts it through its own ServerRunner and
// sets its one Jetty connector's host before it listens. Run in Java's source-file mode
// (`java -cp <jar and its lib> LoopbackServer.java <the jar's own arguments>`), no build step.
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public class LoopbackServer {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    int bound = 0;
    for (Connector connector : server.getConnectors()) {
      if (connector instanceof ServerConnector) {
        ((ServerConnector) connector).setHost("127.0.0.1");
        bound++;
      }
    }
    // Refuse to listen on every interface if a new DynamoDB Local builds its server differently.
    if (bound == 0) throw new IllegalStateException("DynamoDB Local has no connector to bind to 127.0.0.1");
    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1:" + args[java.util.Arrays.asList(args).indexOf("-port") + 1]);
  }
}

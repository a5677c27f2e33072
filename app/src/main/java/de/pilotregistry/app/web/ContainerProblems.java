package de.pilotregistry.app.web;

import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.ConfigurableTomcatWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Errors Tomcat answers before any servlet runs (a request line or header it cannot parse, an invalid URI) are
 * problems too, not Tomcat's HTML page: its error report valve is replaced by one that writes problem details.
 * Runs after Spring Boot's customizer, which adds the stock valve.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class ContainerProblems implements WebServerFactoryCustomizer<ConfigurableTomcatWebServerFactory> {

    @Override
    public void customize(ConfigurableTomcatWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName()); // else the host adds its own
            }
            for (Valve valve : context.getParent().getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    context.getParent().getPipeline().removeValve(valve);
                }
            }
            context.getParent().getPipeline().addValve(new ProblemReportValve());
        });
    }

    /** Tomcat's report, as a problem; nothing of the request or the exception is shown. */
    public static final class ProblemReportValve extends ErrorReportValve {

        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int code = response.getStatus();
            if (code < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            HttpStatus status = HttpStatus.resolve(code);
            String title = status == null ? "Error " + code : status.getReasonPhrase();
            try {
                byte[] json = Problems.json(Problems.of(status == null ? HttpStatus.BAD_REQUEST : status, title,
                        "The request could not be read as HTTP (request line, path or headers); nothing was done."));
                response.setContentType(Problems.MEDIA_TYPE.toString());
                Writer writer = response.getReporter();
                if (writer != null) {
                    writer.write(new String(json, StandardCharsets.UTF_8));
                    response.finishResponse();
                }
            } catch (IOException | IllegalStateException e) {
                // the connection is gone or already answered: nothing more to say
            }
        }
    }
}

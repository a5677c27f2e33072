package de.pilotregistry.app.feed;

import de.pilotregistry.app.support.Api;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A server-sent events client over a real HTTP connection: frames (id, data) and comments as they arrive. */
final class SseClient implements AutoCloseable {

    /** One SSE frame; {@code comment} set for a comment line (then id and data are null). */
    record Frame(String id, String data, String comment) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final int status;
    final String contentType;
    final String body; // of a refusal
    private final InputStream stream;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private volatile boolean ended;

    SseClient(int port, String user, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/feed/stream"))
                .header("Authorization", Api.basic(user, Api.PASSWORD)).header("Accept", "text/event-stream").GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = response.statusCode();
        contentType = response.headers().firstValue("Content-Type").orElse("");
        stream = response.body();
        if (status != 200) {
            body = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            return;
        }
        body = null;
        Thread reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String id = null;
            StringBuilder data = null;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        frames.add(new Frame(id, data.toString(), null));
                    }
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    frames.add(new Frame(null, null, line.substring(1)));
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    String part = line.substring(5).startsWith(" ") ? line.substring(6) : line.substring(5);
                    data = data == null ? new StringBuilder(part) : data.append('\n').append(part);
                }
            }
        } catch (IOException closed) {
            // closed by the test, or the server went away
        } finally {
            ended = true;
        }
    }

    /** Whether the connection ended (closed by either side); the frames received before stay readable. */
    boolean ended() {
        return ended;
    }

    /** The next frame or comment, or null after {@code seconds}. */
    Frame next(int seconds) throws InterruptedException {
        return frames.poll(seconds, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }
}

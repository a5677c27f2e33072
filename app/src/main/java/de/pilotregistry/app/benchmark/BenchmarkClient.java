package de.pilotregistry.app.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** The benchmarks' HTTP client: Basic authentication with the demo password, any answer above 2xx fails. */
final class BenchmarkClient {

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;

    BenchmarkClient(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String post(String user, String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)), user, path);
    }

    /** A write; answers its Registry-Position. */
    long postForPosition(String user, String path, String contentType, String body) {
        HttpResponse<String> response = exchange(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)), user, path);
        return Long.parseLong(response.headers().firstValue("Registry-Position").orElseThrow());
    }

    String get(String user, String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Accept", accept).GET(), user, path);
    }

    private String send(HttpRequest.Builder request, String user, String path) {
        return exchange(request, user, path).body();
    }

    private HttpResponse<String> exchange(HttpRequest.Builder request, String user, String path) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Basic " + Base64.getEncoder()
                            .encodeToString((user + ":demo").getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A string field of a flat JSON answer. */
    static String field(String body, String name) {
        int at = body.indexOf("\"" + name + "\":\"") + name.length() + 4;
        return body.substring(at, body.indexOf('"', at));
    }

    static double seconds(long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}

package de.pilotregistry.app.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;

/** A plain HTTP client against the running registry, as curl would use it. */
public final class Api {

    public static final String PASSWORD = "demo";
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {

        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
            }
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final int port;

    public Api(int port) {
        this.port = port;
        this.base = "http://127.0.0.1:" + port;
    }

    public Response get(String user, String path) {
        return send(user, "GET", path, null, null, null);
    }

    public Response getCsv(String user, String path) {
        return send(user, "GET", path, null, null, "text/csv");
    }

    /** A binary download (a zip): the body as bytes. */
    public byte[] download(String user, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " -> " + response.statusCode() + " "
                        + new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Response postJson(String user, String path, String json) {
        return send(user, "POST", path, "application/json", json, null);
    }

    public Response postCsv(String user, String path, String csv) {
        return send(user, "POST", path, "text/csv", csv, null);
    }

    public Response send(String user, String method, String path, String contentType, String body, String accept) {
        return send(user, method, path, contentType, body, accept, null);
    }

    public Response send(String user, String method, String path, String contentType, String body, String accept,
                         String idempotencyKey) {
        return exchange(user, method, path, contentType, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                accept == null ? Map.of() : Map.of("Accept", accept),
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
    }

    /** A request with a body of raw bytes (a BOM, another encoding) and extra headers. */
    public Response sendBytes(String user, String method, String path, String contentType, byte[] body,
                              Map<String, String> headers) {
        return exchange(user, method, path, contentType, body, headers, Map.of());
    }

    private Response exchange(String user, String method, String path, String contentType, byte[] body,
                              Map<String, String> headers, Map<String, String> more) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        if (user != null) {
            request.header("Authorization", basic(user, PASSWORD));
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        more.forEach(request::header);
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** An answer read off the socket: status, head (all header lines) and body as text. */
    public record RawResponse(int status, String head, String body) {

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).trim();
                }
            }
            return null;
        }
    }

    /**
     * A request written by hand on a socket, for what java.net.http does not send: a Content-Length without the
     * body, or a chunked body of a given size. {@code head} is the request line and headers without the blank line;
     * "Connection: close" is added. With {@code chunked}, {@code body} goes in 64 KB chunks.
     */
    public RawResponse raw(String head, InputStream body, boolean chunked) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n" + (chunked ? "Transfer-Encoding: chunked\r\n" : "")
                    + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (body != null) {
                    byte[] buffer = new byte[1 << 16];
                    for (int n; (n = body.readNBytes(buffer, 0, buffer.length)) > 0; ) {
                        if (chunked) {
                            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                        }
                        out.write(buffer, 0, n);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
                        }
                    }
                    if (chunked) {
                        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                    }
                }
                out.flush();
            } catch (IOException closedEarly) {
                // the server may answer and close before the whole body is sent: its answer is what counts
            }
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            String text = "";
            int end = -1;
            while (end < 0) {
                int b = in.read();
                if (b < 0) {
                    throw new IllegalStateException("no HTTP answer: " + text);
                }
                answer.write(b);
                text = answer.toString(StandardCharsets.ISO_8859_1);
                end = text.indexOf("\r\n\r\n");
            }
            String responseHead = text.substring(0, end);
            RawResponse headers = new RawResponse(0, responseHead, "");
            byte[] responseBody;
            if (headers.header("Content-Length") != null) {
                responseBody = in.readNBytes(Integer.parseInt(headers.header("Content-Length")));
            } else {
                // chunked: read up to the last chunk; the server may keep the connection open for the body it skipped
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                while (!chunks.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n")) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    chunks.write(b);
                }
                responseBody = chunks.toByteArray();
            }
            if ("chunked".equalsIgnoreCase(headers.header("Transfer-Encoding"))) {
                responseBody = unchunk(responseBody);
            }
            return new RawResponse(Integer.parseInt(responseHead.split(" ")[1]), responseHead,
                    new String(responseBody, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] unchunk(byte[] chunked) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String text = new String(chunked, StandardCharsets.ISO_8859_1);
        int at = 0;
        while (at < text.length()) {
            int lineEnd = text.indexOf("\r\n", at);
            int size = Integer.parseInt(text.substring(at, lineEnd).trim(), 16);
            if (size == 0) {
                break;
            }
            body.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return body.toByteArray();
    }
}

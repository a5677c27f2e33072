package de.pilotregistry.query.audit;

import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;

/**
 * RFC 3161 time stamps of checkpoints from an outside time-stamping authority: the message imprint is the SHA-256 of
 * the whole checkpoint note (body and signature, UTF-8). The token (DER) is kept beside the checkpoint; anyone can
 * check it with {@code openssl ts -verify} against the authority's certificate.
 */
public final class TimeStamping {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final SecureRandom NONCES = new SecureRandom();

    private final URI authority;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public TimeStamping(URI authority) {
        this.authority = authority;
    }

    /** The authority's time-stamp token for the note (DER), checked against the request. */
    public byte[] stamp(String note) throws IOException, InterruptedException {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true); // the token carries the authority's certificate: verifiable offline
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, imprint(note),
                BigInteger.valueOf(NONCES.nextLong()));
        HttpResponse<byte[]> answer = client.send(HttpRequest.newBuilder(authority).timeout(TIMEOUT)
                        .header("Content-Type", "application/timestamp-query")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() != 200) {
            throw new IOException("the time-stamping authority answered HTTP " + answer.statusCode());
        }
        try {
            TimeStampResponse response = new TimeStampResponse(answer.body());
            response.validate(request);
            if (response.getTimeStampToken() == null) {
                throw new IOException("the time-stamping authority refused: " + response.getStatusString());
            }
            return response.getTimeStampToken().getEncoded();
        } catch (TSPException e) {
            throw new IOException("unusable answer of the time-stamping authority: " + e.getMessage(), e);
        }
    }

    /**
     * Why a stored token does not time-stamp the note (empty when it does): its imprint must be the note's SHA-256
     * and its signature must verify with the certificate it carries. Whether that certificate is a TSA one trusts is
     * the auditor's call (docs/audit-log.md).
     */
    public static Optional<String> problem(byte[] token, String note) {
        try {
            TimeStampToken stamp = new TimeStampToken(new CMSSignedData(token));
            if (!MessageDigest.isEqual(stamp.getTimeStampInfo().getMessageImprintDigest(), imprint(note))) {
                return Optional.of("its time stamp is of other bytes");
            }
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certificates = stamp.getCertificates().getMatches(stamp.getSID());
            if (certificates.isEmpty()) {
                return Optional.of("its time stamp carries no certificate");
            }
            stamp.validate(new JcaSimpleSignerInfoVerifierBuilder().build(certificates.iterator().next()));
            return Optional.empty();
        } catch (CMSException | TSPException | IOException | OperatorCreationException | CertificateException
                 | IllegalArgumentException e) {
            return Optional.of("its time stamp does not verify (" + e.getMessage() + ")");
        }
    }

    private static byte[] imprint(String note) {
        return MerkleTree.sha256().digest(note.getBytes(StandardCharsets.UTF_8));
    }
}

package dev.storerelay.adapter.oauth2;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.storerelay.domain.model.OAuth2Settings.ClientCredential;

import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * Signed JWTs the relay sends to a token endpoint: client assertions ({@code private_key_jwt}, RFC 7523 §2.2) and
 * JWT bearer grants (RFC 7523 §2.1). Each is used for one request right away, so it lives a few minutes only.
 */
final class Assertions {
    /** Long enough for a slow endpoint and clocks a little apart; Entra and Google accept up to an hour. */
    static final Duration LIFETIME = Duration.ofMinutes(5);

    private Assertions() {
    }

    /**
     * A client assertion for {@code private_key_jwt}: issuer and subject the client, audience the token endpoint, and
     * the certificate named in the header by its SHA-256 thumbprint ({@code x5t#S256}) and its SHA-1 thumbprint
     * ({@code x5t}), which Microsoft Entra ID reads to find the certificate of the app registration.
     */
    static SignedJWT clientAssertion(String clientId, ClientCredential.Certificate credential, URI tokenEndpoint, Instant now) {
        JWTClaimsSet claims = claims(clientId, clientId, tokenEndpoint, now).build();
        return certificateSigned(credential, claims);
    }

    /** A JWT bearer grant signed with a certificate's key: issuer the client, subject the mailbox. */
    static SignedJWT bearer(String clientId, ClientCredential.Certificate credential, String subject, URI tokenEndpoint, Instant now) {
        JWTClaimsSet claims = claims(clientId, subject, tokenEndpoint, now).build();
        return certificateSigned(credential, claims);
    }

    /**
     * A JWT bearer grant from a Google service account's key file: issuer the account's {@code client_email}, subject
     * the mailbox (domain-wide delegation), the scope as a claim, and the key's {@code private_key_id} as {@code kid}
     * (Google's "Using OAuth 2.0 for Server to Server Applications").
     */
    static SignedJWT serviceAccountBearer(ClientCredential.ServiceAccount credential, String subject, String scope,
                                          URI tokenEndpoint, Instant now) {
        Map<String, Object> key;
        try {
            key = JSONObjectUtils.parse(credential.json().reveal());
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("the service account key is not a JSON key file");
        }
        String email = text(key, "client_email");
        String keyId = text(key, "private_key_id");
        PrivateKey privateKey = Pem.privateKey(text(key, "private_key"));
        JWTClaimsSet claims = claims(email, subject, tokenEndpoint, now).claim("scope", scope).build();
        return sign(new JWSHeader.Builder(algorithm(privateKey)).type(JOSEObjectType.JWT).keyID(keyId), privateKey, claims);
    }

    private static JWTClaimsSet.Builder claims(String issuer, String subject, URI audience, Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audience.toString())
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plus(LIFETIME)))
                .jwtID(UUID.randomUUID().toString());
    }

    @SuppressWarnings("deprecation") // x5t (SHA-1) is deprecated in JOSE, but Entra ID still reads it
    private static SignedJWT certificateSigned(ClientCredential.Certificate credential, JWTClaimsSet claims) {
        PrivateKey privateKey = Pem.privateKey(credential.privateKeyPem().reveal());
        X509Certificate certificate = Pem.certificate(credential.certificatePem());
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm(privateKey)).type(JOSEObjectType.JWT)
                .x509CertSHA256Thumbprint(thumbprint("SHA-256", certificate))
                .x509CertThumbprint(thumbprint("SHA-1", certificate));
        return sign(header, privateKey, claims);
    }

    private static SignedJWT sign(JWSHeader.Builder header, PrivateKey key, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header.build(), claims);
        try {
            jwt.sign(signer(key));
        } catch (JOSEException e) {
            throw new IllegalArgumentException("cannot sign with the private key: " + e.getMessage());
        }
        return jwt;
    }

    /** RS256 for RSA keys (what Entra ID and Google take); ES256/384/512 after the curve of an EC key. */
    private static JWSAlgorithm algorithm(PrivateKey key) {
        if (key instanceof RSAPrivateKey) {
            return JWSAlgorithm.RS256;
        }
        if (key instanceof ECPrivateKey ec) {
            Curve curve = Curve.forECParameterSpec(ec.getParams());
            if (Curve.P_256.equals(curve)) {
                return JWSAlgorithm.ES256;
            }
            if (Curve.P_384.equals(curve)) {
                return JWSAlgorithm.ES384;
            }
            if (Curve.P_521.equals(curve)) {
                return JWSAlgorithm.ES512;
            }
            throw new IllegalArgumentException("the EC private key is on a curve JWS does not sign with (P-256, P-384, P-521 only)");
        }
        throw new IllegalArgumentException("the private key is neither an RSA nor an EC key");
    }

    private static JWSSigner signer(PrivateKey key) throws JOSEException {
        return key instanceof ECPrivateKey ec ? new ECDSASigner(ec) : new RSASSASigner(key);
    }

    private static Base64URL thumbprint(String digest, X509Certificate certificate) {
        try {
            return Base64URL.encode(MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot take the certificate's thumbprint: " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> json, String member) {
        Object value = json.get(member);
        if (!(value instanceof String text) || text.isBlank()) {
            throw new IllegalArgumentException("the service account key file has no " + member);
        }
        return text;
    }
}

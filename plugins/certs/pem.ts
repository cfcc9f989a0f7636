import { X509Certificate, createPrivateKey } from "node:crypto";
import { UserError } from "../../src/core/errors.ts";

export interface CertInfo {
  readonly subject: string;
  readonly issuer: string;
  readonly hostnames: string[];
  readonly startsAt: string;
  readonly expiresAt: string;
  readonly selfSigned: boolean;
}

/** Parses the certificate and checks the key belongs to it (their public keys match) before anything is installed. */
export function checkPair(crt: Uint8Array, key: Uint8Array): CertInfo {
  const cert = parseCert(crt);
  let privateKey;
  try {
    privateKey = createPrivateKey(Buffer.from(key));
  } catch {
    throw new UserError("The key is not a valid PEM private key (an encrypted key must be decrypted first)");
  }
  if (!cert.checkPrivateKey(privateKey)) throw new UserError("The certificate and key do not match: the key's public key differs from the certificate's");
  return describe(cert);
}

export function parseCert(crt: Uint8Array): X509Certificate {
  try {
    return new X509Certificate(Buffer.from(crt));
  } catch {
    throw new UserError("The certificate is not a valid PEM X.509 certificate");
  }
}

/** What certs:report shows: subject, issuer, CN and DNS names, validity dates. */
export function describe(cert: X509Certificate): CertInfo {
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
  const sans = (cert.subjectAltName ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.startsWith("DNS:"))
    .map((s) => s.slice(4));
  const hostnames = [...new Set([...(cn ? [cn] : []), ...sans])];
  const selfSigned = cert.subject === cert.issuer && cert.checkIssued(cert) && cert.verify(cert.publicKey);
  return {
    subject: cert.subject.split("\n").join(", "),
    issuer: cert.issuer.split("\n").join(", "),
    hostnames,
    startsAt: cert.validFrom,
    expiresAt: cert.validTo,
    selfSigned,
  };
}

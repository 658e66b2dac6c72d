/**
 * The last line of defence for everything the admin front ends print or serve: any secret this process
 * holds (the private key, tokens, assertions) is cut out of the text, and anything shaped like one too
 * (a private-key PEM block, a JWT, a DocuSign token). The operations never put one into their results; this makes
 * a mistake there visible as `[redacted]` instead of a leak.
 */
const PEM = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]*?-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/g;
// Three base64url parts (a JWT or assertion) and DocuSign's opaque `eyJ0eXAiOiJNVCJ9.` tokens.
const JWT_LIKE = /eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(\.[A-Za-z0-9_-]*)?/g;

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out.replace(PEM, '[redacted]').replace(JWT_LIKE, '[redacted]');
}

// Package auth holds kasane's authentication primitives and policies:
// password hashing (argon2id in PHC format), the password policy,
// TOTP second factor (RFC 6238) with replay refusal, QR codes for TOTP
// enrolment rendered as inline SVG, recovery codes, opaque tokens and
// session identifiers, the login throttling policy, temporary passwords for
// administrator resets, and SecretBox, which encrypts TOTP secrets at rest
// (AES-256-GCM under a key file kept outside the database).
//
// The package deliberately owns no storage and no transport. It has no
// database access, no HTTP handlers and no clock of its own: callers pass
// in what was stored (a PHC string, a TOTP secret and the last accepted
// time step, a list of recent failure timestamps) together with the current
// time, and persist whatever comes back (a new hash, the matched step, token
// and code hashes). That keeps every function here pure or dependent only on
// crypto/rand, and testable without fixtures.
//
// Conventions callers must keep:
//
//   - Only hashes are stored: HashPassword for passwords, HashToken for API
//     tokens and session identifiers, HashRecoveryCode for recovery codes.
//     Plain values are shown to the user once and never logged. TOTP
//     secrets, which must be read back, are stored sealed by SecretBox
//     ("v1:KEYID:…", bound to the user's id), never in plain text.
//   - Passwords are NFKC-normalised before hashing and verification (NIST
//     SP 800-63B 5.1.1.2), so full-width and half-width input, and composed
//     and decomposed kana, give the same result. The normalisation is part
//     of the stored format; changing it would invalidate existing hashes.
//   - When an account does not exist, call DummyVerify so the response takes
//     as long as a real verification.
//   - TOTP: store the step returned by ValidateTOTP and pass it back as
//     lastStep next time; a code whose step is not newer is refused with
//     ErrTOTPReused. Show the user the same message for ErrTOTPReused and
//     ErrTOTPInvalid.
//   - Throttling: record failures for the submitted login identifier whether
//     or not an account exists, and per client address, and check both
//     Throttle policies before verifying a password. ThrottleMessage never
//     says whether the account exists.
//   - argon2id with DefaultParams uses 64 MiB per verification; the HTTP
//     layer should bound concurrent logins so a burst cannot exhaust memory.
package auth

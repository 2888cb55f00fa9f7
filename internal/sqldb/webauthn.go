package sqldb

import (
	"context"
	"database/sql"
	"encoding/base64"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"kasane/internal/casework"
)

// MaxSecurityKeys is how many security keys one user may register.
const MaxSecurityKeys = 10

// SecurityKey is a WebAuthn credential (a security key or a platform
// authenticator) registered as a user's second factor. Binary values are
// kept as bytes here and as unpadded base64url text in the database.
type SecurityKey struct {
	ID                string // kasane's own id (URLs, audit)
	UserID            string
	CredentialID      []byte
	PublicKey         []byte // COSE key
	AttestationType   string
	AttestationFormat string
	AAGUID            []byte
	Flags             byte // authenticator data flags at registration (BE must never change)
	SignCount         uint32
	Transports        []string
	Name              string
	Created           time.Time
	LastUsed          time.Time // zero: never used to log in
}

var b64 = base64.RawURLEncoding

func unb64(s string) []byte {
	b, _ := b64.DecodeString(s)
	return b
}

const securityKeyCols = "id, user_id, credential_id, public_key, attestation_type, attestation_format, aaguid, flags, sign_count, transports, name, created_at, last_used_at"

func scanSecurityKey(s scanner) (SecurityKey, error) {
	var k SecurityKey
	var credID, pub, aaguid, transports, created, used string
	var flags int
	var count int64
	err := s.Scan(&k.ID, &k.UserID, &credID, &pub, &k.AttestationType, &k.AttestationFormat, &aaguid, &flags, &count, &transports, &k.Name, &created, &used)
	k.CredentialID, k.PublicKey, k.AAGUID = unb64(credID), unb64(pub), unb64(aaguid)
	k.Flags, k.SignCount = byte(flags), uint32(count)
	k.Transports = splitList(transports)
	k.Created, k.LastUsed = parseTS(created), parseTS(used)
	return k, err
}

// SecurityKeys lists a user's security keys, oldest first.
func (db *DB) SecurityKeys(ctx context.Context, userID string) ([]SecurityKey, error) {
	var out []SecurityKey
	err := db.inTx(ctx, false, "セキュリティキー", func(tx *Tx) error {
		var err error
		out, err = collect(ctx, tx, scanSecurityKey, "SELECT "+securityKeyCols+" FROM webauthn_credentials WHERE user_id = ? ORDER BY created_at, id", userID)
		return err
	})
	return out, err
}

// CheckSecurityKeyName validates the name a user gives a key.
func CheckSecurityKeyName(name string) (string, error) {
	name = strings.TrimSpace(name)
	switch {
	case name == "":
		return name, invalidField("key_name", "キーの名前を入力してください（例:「青いキー」）。")
	case utf8.RuneCountInString(name) > 40:
		return name, invalidField("key_name", "キーの名前は40文字以内で入力してください。")
	}
	return name, nil
}

// AddSecurityKey stores a newly registered key of u. When the user has no
// unused recovery codes yet (a first second factor) and recoveryHashes are
// given, they are stored too and issued reports it: the caller then shows
// the codes once. With a non-empty idHash the pending login of that session
// completes in the same transaction (a key enrolled at the second-factor
// step). Enrolment is audited.
func (db *DB) AddSecurityKey(ctx context.Context, u casework.User, k *SecurityKey, recoveryHashes []string, idHash, addr string) (issued bool, err error) {
	name, err := CheckSecurityKeyName(k.Name)
	if err != nil {
		return false, err
	}
	k.Name = name
	err = db.inTx(ctx, true, "セキュリティキー", func(tx *Tx) error {
		var n int
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM webauthn_credentials WHERE user_id = ?", u.ID).Scan(&n); err != nil {
			return err
		}
		if n >= MaxSecurityKeys {
			return invalidField("key_name", "セキュリティキーは1人10個まで登録できます。使っていないキーを削除してください。")
		}
		if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM webauthn_credentials WHERE credential_id = ?", b64.EncodeToString(k.CredentialID)).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return invalidField("key_name", "このセキュリティキーは既に登録されています。")
		}
		k.ID, k.UserID, k.Created, k.LastUsed = newID(), u.ID, tx.now, time.Time{}
		if _, err := tx.exec(ctx, `INSERT INTO webauthn_credentials (id, municipality_id, user_id, credential_id, public_key, attestation_type,
			attestation_format, aaguid, flags, sign_count, transports, name, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			k.ID, u.MunicipalityID, u.ID, b64.EncodeToString(k.CredentialID), b64.EncodeToString(k.PublicKey), k.AttestationType,
			k.AttestationFormat, b64.EncodeToString(k.AAGUID), int(k.Flags), int64(k.SignCount), joinList(k.Transports), k.Name, ts(tx.now)); err != nil {
			return err
		}
		if len(recoveryHashes) > 0 {
			if err := tx.queryRow(ctx, "SELECT COUNT(*) FROM recovery_codes WHERE user_id = ? AND used_at = ''", u.ID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				if _, err := tx.exec(ctx, "DELETE FROM recovery_codes WHERE user_id = ?", u.ID); err != nil {
					return err
				}
				for _, h := range recoveryHashes {
					if _, err := tx.exec(ctx, "INSERT INTO recovery_codes (id, municipality_id, user_id, code_hash) VALUES (?,?,?,?)", newID(), u.MunicipalityID, u.ID, h); err != nil {
						return err
					}
				}
				issued = true
			}
		}
		a := ActorFor(u)
		a.Address = addr
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActCreate, ObjectType: "webauthn_credential", ObjectID: k.ID, Reason: "セキュリティキーの登録"}); err != nil {
			return err
		}
		if idHash != "" {
			return tx.completeLogin(ctx, idHash, a)
		}
		return nil
	})
	return issued, err
}

// LoginWithSecurityKey records the use of a key whose assertion the caller
// verified (the new signature counter and flags) and completes the pending
// login. A counter that did not advance (unless the key keeps none, 0) is
// refused: the assertion was replayed or the key was cloned.
func (db *DB) LoginWithSecurityKey(ctx context.Context, idHash string, u casework.User, keyID string, signCount uint32, flags byte, addr string) error {
	return db.inTx(ctx, true, "二要素認証", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.Errorf(casework.EUNAUTHORIZED, "セキュリティキーを確認できませんでした。"),
			`UPDATE webauthn_credentials SET sign_count = ?, flags = ?, last_used_at = ?
			 WHERE id = ? AND user_id = ? AND (sign_count < ? OR (sign_count = 0 AND ? = 0))`,
			int64(signCount), int(flags), ts(tx.now), keyID, u.ID, int64(signCount), int64(signCount)); err != nil {
			return err
		}
		a := ActorFor(u)
		a.Address = addr
		if err := tx.audit(ctx, a, auditRecord{Action: casework.ActLogin, ObjectType: "webauthn_credential", ObjectID: keyID, Reason: "セキュリティキー"}); err != nil {
			return err
		}
		return tx.completeLogin(ctx, idHash, a)
	})
}

// RevokeSecurityKey deletes one of the actor's own keys (audited). The last
// key may go too: the user then logs in with the authenticator app, a
// recovery code, or enrols again when the municipality requires a second
// factor.
func (db *DB) RevokeSecurityKey(ctx context.Context, a casework.Actor, keyID string) error {
	return db.inTx(ctx, true, "セキュリティキー", func(tx *Tx) error {
		if err := tx.execOne(ctx, casework.Errorf(casework.ENOTFOUND, "セキュリティキーが見つかりません。"),
			"DELETE FROM webauthn_credentials WHERE id = ? AND user_id = ?", keyID, a.UserID); err != nil {
			return err
		}
		return tx.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "webauthn_credential", ObjectID: keyID, Reason: "セキュリティキーの削除"})
	})
}

// WebAuthn ceremony purposes.
const (
	CeremonyRegister = "register"
	CeremonyLogin    = "login"
)

// SaveWebAuthnChallenge keeps the state of a ceremony begun in a session
// (the library's session data, opaque here) until expires; a session has
// at most one ceremony in progress, so a new one replaces the old. Expired
// challenges of every session are removed on the way.
func (db *DB) SaveWebAuthnChallenge(ctx context.Context, sessionHash, userID, purpose string, data []byte, expires time.Time) error {
	return db.inTx(ctx, true, "セキュリティキー", func(tx *Tx) error {
		if _, err := tx.exec(ctx, "DELETE FROM webauthn_challenges WHERE session_hash = ? OR expires_at < ?", sessionHash, ts(tx.now)); err != nil {
			return err
		}
		_, err := tx.exec(ctx, "INSERT INTO webauthn_challenges (session_hash, user_id, purpose, data, expires_at) VALUES (?,?,?,?,?)",
			sessionHash, userID, purpose, string(data), ts(expires))
		return err
	})
}

// TakeWebAuthnChallenge removes and returns the ceremony state of a
// session: each challenge is answered once. A missing, expired or other
// ceremony's challenge is EINVALID (begin again).
func (db *DB) TakeWebAuthnChallenge(ctx context.Context, sessionHash, userID, purpose string) ([]byte, error) {
	var data, gotUser, gotPurpose, expires string
	err := db.inTx(ctx, true, "セキュリティキー", func(tx *Tx) error {
		err := tx.queryRow(ctx, "SELECT user_id, purpose, data, expires_at FROM webauthn_challenges WHERE session_hash = ?", sessionHash).
			Scan(&gotUser, &gotPurpose, &data, &expires)
		if err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return nil
			}
			return err
		}
		_, err = tx.exec(ctx, "DELETE FROM webauthn_challenges WHERE session_hash = ?", sessionHash)
		if err == nil && (gotUser != userID || gotPurpose != purpose || !parseTS(expires).After(tx.now)) {
			data = ""
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	if data == "" {
		return nil, casework.Errorf(casework.EINVALID, "セキュリティキーの確認の有効期限が切れました。もう一度お試しください。")
	}
	return []byte(data), nil
}

// removeSecurityKeys deletes every key of a user (an administrator's reset
// of the second factor), each deletion audited, and any ceremony in
// progress.
func (t *Tx) removeSecurityKeys(ctx context.Context, a casework.Actor, userID string) error {
	rows, err := t.query(ctx, "SELECT id FROM webauthn_credentials WHERE user_id = ? ORDER BY id", userID)
	if err != nil {
		return err
	}
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, stmt := range []string{"DELETE FROM webauthn_credentials WHERE user_id = ?", "DELETE FROM webauthn_challenges WHERE user_id = ?"} {
		if _, err := t.exec(ctx, stmt, userID); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if err := t.audit(ctx, a, auditRecord{Action: casework.ActUpdate, ObjectType: "webauthn_credential", ObjectID: id, Reason: "管理者による二要素認証の解除"}); err != nil {
			return err
		}
	}
	return nil
}

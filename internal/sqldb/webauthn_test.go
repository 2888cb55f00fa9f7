package sqldb_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

func testKey(id byte, name string) *sqldb.SecurityKey {
	return &sqldb.SecurityKey{
		CredentialID: bytes.Repeat([]byte{id}, 32), PublicKey: []byte{0xa5, 0x01, 0x02, id}, AttestationFormat: "none",
		AttestationType: "none", AAGUID: make([]byte, 16), Flags: 0x45, SignCount: 1, Transports: []string{"usb", "nfc"}, Name: name,
	}
}

func keyAuditCount(t *testing.T, db *sqldb.DB, reader casework.Actor, objectID, action string) int {
	t.Helper()
	ev, err := db.AuditEvents(context.Background(), reader, sqldb.AuditFilter{ObjectID: objectID, Action: action})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range ev {
		if e.ObjectType == "webauthn_credential" {
			n++
		}
	}
	return n
}

// TestSecurityKeyStorage: a key is stored with every field, listed, used
// (the counter must advance; the use and the login are audited) and
// revoked by its owner only; the first key issues recovery codes once.
func TestSecurityKeyStorage(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "福祉総合相談課", "municipal_section")
	u, ua := sqldbtest.User(t, db, sys, org, "key@example.jp", "worker")
	other, oa := sqldbtest.User(t, db, sys, org, "other@example.jp", "worker")
	_, privacy := sqldbtest.User(t, db, sys, org, "privacy@example.jp", "privacy_officer")

	if _, err := db.AddSecurityKey(ctx, u, &sqldb.SecurityKey{CredentialID: []byte{1}, Name: "  "}, nil, "", ""); casework.ErrorFields(err)["key_name"] == "" {
		t.Fatalf("a key without a name: %v", err)
	}
	k := testKey(1, " 青いキー ")
	issued, err := db.AddSecurityKey(ctx, u, k, []string{"h1", "h2"}, "", "192.0.2.1")
	if err != nil || !issued {
		t.Fatalf("first key: issued %v, %v", issued, err)
	}
	k2 := testKey(2, "予備のキー")
	if issued, err := db.AddSecurityKey(ctx, u, k2, []string{"h3"}, "", ""); err != nil || issued {
		t.Fatalf("second key: recovery codes issued again (%v) or %v", issued, err)
	}
	if _, err := db.AddSecurityKey(ctx, other, testKey(1, "同じキー"), nil, "", ""); casework.ErrorFields(err)["key_name"] == "" {
		t.Fatalf("the same credential registered twice: %v", err)
	}

	keys, err := db.SecurityKeys(ctx, u.ID)
	if err != nil || len(keys) != 2 {
		t.Fatalf("keys: %d %v", len(keys), err)
	}
	got := keys[0]
	if got.ID != k.ID || got.Name != "青いキー" || !bytes.Equal(got.CredentialID, k.CredentialID) || !bytes.Equal(got.PublicKey, k.PublicKey) ||
		got.Flags != 0x45 || got.SignCount != 1 || len(got.Transports) != 2 || got.Transports[1] != "nfc" || len(got.AAGUID) != 16 ||
		got.AttestationFormat != "none" || got.Created.IsZero() || !got.LastUsed.IsZero() {
		t.Fatalf("stored key: %+v", got)
	}
	if keyAuditCount(t, db, privacy, k.ID, casework.ActCreate) != 1 {
		t.Error("the enrolment is not audited")
	}

	// a login with the key: the counter must advance
	hash := "session-hash-1"
	if err := db.StartSession(ctx, u, hash, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.LoginWithSecurityKey(ctx, hash, u, k.ID, 1, k.Flags, ""); casework.ErrorCode(err) != casework.EUNAUTHORIZED {
		t.Fatalf("a counter that did not advance: %v", err)
	}
	if err := db.LoginWithSecurityKey(ctx, hash, other, k.ID, 5, k.Flags, ""); err == nil {
		t.Fatal("another user's key completed a login")
	}
	if err := db.LoginWithSecurityKey(ctx, hash, u, k.ID, 5, k.Flags, "192.0.2.1"); err != nil {
		t.Fatal(err)
	}
	si, err := db.Session(ctx, hash)
	if err != nil || si.MFAPending {
		t.Fatalf("the login did not complete: %+v %v", si, err)
	}
	keys, _ = db.SecurityKeys(ctx, u.ID)
	if keys[0].SignCount != 5 || keys[0].LastUsed.IsZero() {
		t.Fatalf("after use: %+v", keys[0])
	}
	if keyAuditCount(t, db, privacy, k.ID, casework.ActLogin) != 1 {
		t.Error("the use of the key is not audited")
	}

	// only the owner revokes
	if err := db.RevokeSecurityKey(ctx, oa, k.ID); casework.ErrorCode(err) != casework.ENOTFOUND {
		t.Fatalf("another user revoked the key: %v", err)
	}
	if err := db.RevokeSecurityKey(ctx, ua, k.ID); err != nil {
		t.Fatal(err)
	}
	if keys, _ := db.SecurityKeys(ctx, u.ID); len(keys) != 1 || keys[0].ID != k2.ID {
		t.Fatalf("after revoking: %+v", keys)
	}
	if keyAuditCount(t, db, privacy, k.ID, casework.ActUpdate) != 1 {
		t.Error("the revocation is not audited")
	}
}

// TestSecurityKeyLimitAndReset: at most MaxSecurityKeys keys; the
// administrator's reset of the second factor removes every key (audited)
// and any ceremony in progress.
func TestSecurityKeyLimitAndReset(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "福祉総合相談課", "municipal_section")
	u, _ := sqldbtest.User(t, db, sys, org, "key@example.jp", "worker")
	_, admin := sqldbtest.User(t, db, sys, org, "admin@example.jp", "municipal_admin")
	for i := range sqldb.MaxSecurityKeys {
		if _, err := db.AddSecurityKey(ctx, u, testKey(byte(10+i), "キー"), nil, "", ""); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddSecurityKey(ctx, u, testKey(99, "多すぎるキー"), nil, "", ""); casework.ErrorFields(err)["key_name"] == "" {
		t.Fatalf("key %d accepted: %v", sqldb.MaxSecurityKeys+1, err)
	}
	if err := db.SaveWebAuthnChallenge(ctx, "sess", u.ID, sqldb.CeremonyLogin, []byte(`{}`), time.Now().Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	cur, err := db.ManagedUser(ctx, admin, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ResetMFA(ctx, admin, u.ID, cur.Version); err != nil {
		t.Fatal(err)
	}
	if keys, _ := db.SecurityKeys(ctx, u.ID); len(keys) != 0 {
		t.Fatalf("%d keys left after the reset", len(keys))
	}
	if _, err := db.TakeWebAuthnChallenge(ctx, "sess", u.ID, sqldb.CeremonyLogin); err == nil {
		t.Error("a ceremony survived the reset")
	}
}

// TestWebAuthnChallenge: one ceremony per session, answered once, bound to
// its user and purpose, refused after it expires.
func TestWebAuthnChallenge(t *testing.T) {
	ctx := context.Background()
	db := sqldbtest.Open(t)
	now := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "福祉総合相談課", "municipal_section")
	u, _ := sqldbtest.User(t, db, sys, org, "key@example.jp", "worker")
	save := func(purpose, data string, ttl time.Duration) {
		t.Helper()
		if err := db.SaveWebAuthnChallenge(ctx, "s1", u.ID, purpose, []byte(data), now.Add(ttl)); err != nil {
			t.Fatal(err)
		}
	}
	save(sqldb.CeremonyRegister, `{"challenge":"old"}`, 5*time.Minute)
	save(sqldb.CeremonyRegister, `{"challenge":"new"}`, 5*time.Minute) // replaces
	got, err := db.TakeWebAuthnChallenge(ctx, "s1", u.ID, sqldb.CeremonyRegister)
	if err != nil || string(got) != `{"challenge":"new"}` {
		t.Fatalf("take: %s %v", got, err)
	}
	if _, err := db.TakeWebAuthnChallenge(ctx, "s1", u.ID, sqldb.CeremonyRegister); casework.ErrorCode(err) != casework.EINVALID {
		t.Fatalf("a challenge answered twice: %v", err)
	}
	save(sqldb.CeremonyLogin, `{}`, 5*time.Minute)
	if _, err := db.TakeWebAuthnChallenge(ctx, "s1", u.ID, sqldb.CeremonyRegister); err == nil {
		t.Fatal("a login challenge answered a registration")
	}
	save(sqldb.CeremonyLogin, `{}`, 5*time.Minute)
	if _, err := db.TakeWebAuthnChallenge(ctx, "s1", "someone-else", sqldb.CeremonyLogin); err == nil {
		t.Fatal("another user's challenge accepted")
	}
	save(sqldb.CeremonyLogin, `{}`, 5*time.Minute)
	now = now.Add(6 * time.Minute)
	if _, err := db.TakeWebAuthnChallenge(ctx, "s1", u.ID, sqldb.CeremonyLogin); err == nil {
		t.Fatal("an expired challenge accepted")
	}
}

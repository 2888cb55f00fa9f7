package sqldb_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

const plainSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

var keyA, keyB = bytes.Repeat([]byte{0xA}, 32), bytes.Repeat([]byte{0xB}, 32)

func openAt(t *testing.T, dsn string, key []byte) *sqldb.DB {
	t.Helper()
	db, err := sqldb.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if key != nil {
		if err := db.SetSecretKey(key); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func TestTOTPSecretIsEncryptedAtRest(t *testing.T) {
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	db := openAt(t, dsn, keyA)
	sys := sqldbtest.Muni(t, db)
	u, _ := sqldbtest.User(t, db, sys, sqldbtest.Org(t, db, sys, "機関", "npo"), "mfa@example.jp", "worker")
	if err := db.BeginTOTPEnrolment(ctx, u.ID, plainSecret); err != nil {
		t.Fatal(err)
	}
	stored, _ := sqldb.StoredTOTP(ctx, db, u.ID)
	if stored == plainSecret || strings.Contains(stored, plainSecret) || !strings.HasPrefix(stored, "v1:"+db.SecretKeyID()+":") {
		t.Fatalf("stored value %q", stored)
	}
	if got, _, err := db.TOTPSecret(ctx, u.ID); err != nil || got != plainSecret {
		t.Fatalf("read back: %q %v", got, err)
	}
	// after a restart with the same key the secret still reads
	if got, _, err := openAt(t, dsn, keyA).TOTPSecret(ctx, u.ID); err != nil || got != plainSecret {
		t.Fatalf("after restart: %q %v", got, err)
	}
	// a wrong key is a clear, non-crashing error naming both key ids
	wrong := openAt(t, dsn, keyB)
	_, _, err := wrong.TOTPSecret(ctx, u.ID)
	if casework.ErrorCode(err) != casework.EUNAVAILABLE || !strings.Contains(err.Error(), "別の暗号鍵") || !strings.Contains(err.Error(), db.SecretKeyID()) {
		t.Fatalf("wrong key: %v", err)
	}
	if st, _ := wrong.TOTPKeys(ctx); st.OtherKey != 1 || st.Stored != 1 {
		t.Fatalf("state under wrong key: %+v", st)
	}
	// without any key, nothing is decrypted and nothing new is stored in plain text
	none := openAt(t, dsn, nil)
	if _, _, err := none.TOTPSecret(ctx, u.ID); casework.ErrorCode(err) != casework.EUNAVAILABLE {
		t.Fatalf("no key read: %v", err)
	}
	u2, _ := sqldbtest.User(t, none, sys, sqldbtest.Org(t, none, sys, "機関2", "npo"), "mfa2@example.jp", "worker")
	if err := none.BeginTOTPEnrolment(ctx, u2.ID, plainSecret); casework.ErrorCode(err) != casework.EUNAVAILABLE {
		t.Fatalf("no key enrol: %v", err)
	}
	if s, _ := sqldb.StoredTOTP(ctx, none, u2.ID); s != "" {
		t.Fatalf("stored without key: %q", s)
	}
}

func TestPlainTOTPSecretsAreSealedOnce(t *testing.T) {
	ctx := context.Background()
	dsn := sqldbtest.DSN(t)
	legacy := openAt(t, dsn, nil)
	sys := sqldbtest.Muni(t, legacy)
	org := sqldbtest.Org(t, legacy, sys, "機関", "npo")
	u, _ := sqldbtest.User(t, legacy, sys, org, "old@example.jp", "worker")
	if err := sqldb.StorePlainTOTP(ctx, legacy, u.ID, plainSecret); err != nil {
		t.Fatal(err)
	}
	if st, _ := legacy.TOTPKeys(ctx); st.Enrolled != 1 || st.Plain != 1 {
		t.Fatalf("legacy state: %+v", st)
	}
	db := openAt(t, dsn, keyA)
	n, err := db.SealPlainTOTPSecrets(ctx)
	if err != nil || n != 1 {
		t.Fatalf("seal: %d %v", n, err)
	}
	first, _ := sqldb.StoredTOTP(ctx, db, u.ID)
	if !strings.HasPrefix(first, "v1:") || strings.Contains(first, plainSecret) {
		t.Fatalf("sealed value %q", first)
	}
	// idempotent: a second start changes nothing
	if n, err := openAt(t, dsn, keyA).SealPlainTOTPSecrets(ctx); err != nil || n != 0 {
		t.Fatalf("second seal: %d %v", n, err)
	}
	if again, _ := sqldb.StoredTOTP(ctx, db, u.ID); again != first {
		t.Fatal("sealed value changed on the second run")
	}
	if got, _, err := db.TOTPSecret(ctx, u.ID); err != nil || got != plainSecret {
		t.Fatalf("read: %q %v", got, err)
	}
	if st, _ := db.TOTPKeys(ctx); st.Plain != 0 || st.OtherKey != 0 || st.Enrolled != 1 {
		t.Fatalf("state: %+v", st)
	}
}

package sqldb

import (
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"

	"kasane/internal/casework"
)

// TestFailoverErrorsUnavailable: the errors a request meets while a
// PostgreSQL primary dies or is demoted are EUNAVAILABLE (503 and "try
// again later"), never an internal error (500).
func TestFailoverErrorsUnavailable(t *testing.T) {
	for name, err := range map[string]error{
		"admin shutdown 57P01":        &pgconn.PgError{Code: "57P01", Message: "terminating connection due to administrator command"},
		"crash shutdown 57P02":        &pgconn.PgError{Code: "57P02"},
		"cannot connect now 57P03":    &pgconn.PgError{Code: "57P03", Message: "the database system is starting up"},
		"read-only transaction 25006": &pgconn.PgError{Code: "25006", Message: "cannot execute INSERT in a read-only transaction"},
		"too many connections 53300":  &pgconn.PgError{Code: "53300", Message: "sorry, too many clients already"},
		"connection failure 08006":    &pgconn.PgError{Code: "08006"},
		"unexpected EOF":              fmt.Errorf("read: %w", io.ErrUnexpectedEOF),
		"EOF":                         fmt.Errorf("failed to receive message: %w", io.EOF),
		"connection refused":          &net.OpError{Op: "dial", Net: "tcp", Err: syscall.ECONNREFUSED},
		"connection reset":            &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET},
		"no read-write server":        errors.New("failed to connect to `user=postgres database=kasane`: read only connection"),
	} {
		got := mapError(err, "ケース")
		if c := casework.ErrorCode(got); c != casework.EUNAVAILABLE {
			t.Errorf("%s: code %v, want EUNAVAILABLE", name, c)
		}
		if m := casework.ErrorMessage(got); m == "" || m == err.Error() {
			t.Errorf("%s: message %q", name, m)
		}
	}
	// a constraint error stays what it is
	if c := casework.ErrorCode(mapError(&pgconn.PgError{Code: "23505"}, "ケース")); c != casework.ECONFLICT {
		t.Errorf("unique violation: %v", c)
	}
}

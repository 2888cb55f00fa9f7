package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"kasane/internal/casework"
)

// driver error codes we map (SQLite extended result codes; PostgreSQL SQLSTATE).
const (
	sqliteConstraintUnique     = 2067
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintForeignKey = 787
	sqliteBusy                 = 5
	sqliteFull                 = 13
	sqliteReadOnly             = 8
)

// mapError turns a driver error into a casework error with a safe message.
// what names the object for the message.
func mapError(err error, what string) error {
	if err == nil {
		return nil
	}
	var ce *casework.Error
	if errors.As(err, &ce) {
		return err
	}
	if errors.Is(err, sql.ErrNoRows) {
		return casework.NotFound(what)
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return &casework.Error{Code: casework.EUNAVAILABLE, Message: "処理が時間内に終わりませんでした。もう一度お試しください。"}
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case sqliteConstraintUnique, sqliteConstraintPrimaryKey:
			return casework.Errorf(casework.ECONFLICT, "%sは既に登録されています。", what)
		case sqliteConstraintForeignKey:
			return casework.Errorf(casework.EINVALID, "関連するデータが見つかりません。")
		case sqliteBusy, sqliteBusy | 5<<8:
			return unavailable(err)
		case sqliteFull:
			return &casework.Error{Code: casework.EUNAVAILABLE, Message: "ディスクの空きがないため保存できませんでした。管理者に連絡してください。"}
		case sqliteReadOnly:
			return &casework.Error{Code: casework.EUNAVAILABLE, Message: "データベースが読み取り専用のため保存できませんでした。"}
		}
		return err
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "23505":
			return casework.Errorf(casework.ECONFLICT, "%sは既に登録されています。", what)
		case "23503":
			return casework.Errorf(casework.EINVALID, "関連するデータが見つかりません。")
		case "40001", "40P01":
			return casework.Conflict(what)
		case "53100":
			return &casework.Error{Code: casework.EUNAVAILABLE, Message: "ディスクの空きがないため保存できませんでした。管理者に連絡してください。"}
		}
		if unavailableSQLState(pe.Code) { // ha.go
			return unavailable(err)
		}
		return err
	}
	if isConnError(err) {
		return unavailable(err)
	}
	return err
}

func unavailable(err error) error {
	return &unavailableError{cause: err}
}

// unavailableError keeps the cause for the log while showing a safe message.
type unavailableError struct{ cause error }

func (e *unavailableError) Error() string { return "database unavailable: " + e.cause.Error() }
func (e *unavailableError) Unwrap() []error {
	return []error{e.cause, &casework.Error{Code: casework.EUNAVAILABLE, Message: "データベースに接続できません。しばらくしてからもう一度お試しください。"}}
}

func isConnError(err error) bool {
	var pce *pgconn.ConnectError
	if errors.As(err, &pce) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, driver.ErrBadConn) {
		return true
	}
	var ne *net.OpError // the server's address refused or dropped the connection
	if errors.As(err, &ne) {
		return true
	}
	s := err.Error()
	return strings.Contains(s, "connection refused") || strings.Contains(s, "bad connection") ||
		strings.Contains(s, "conn closed") || strings.Contains(s, "broken pipe") ||
		strings.Contains(s, "connection reset by peer") || strings.Contains(s, "unexpected EOF") ||
		strings.Contains(s, "failed to connect") || strings.Contains(s, "read only connection") ||
		strings.Contains(s, "server closed the connection")
}

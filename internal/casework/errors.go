package casework

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Code is a machine-readable error class. The web layer maps each code to one
// HTTP status in one table; the API spelling is given by APICode.
type Code string

const (
	ENOTFOUND        Code = "ENOTFOUND"
	EFORBIDDEN       Code = "EFORBIDDEN"
	EUNAUTHORIZED    Code = "EUNAUTHORIZED"
	EINVALID         Code = "EINVALID"
	ECONFLICT        Code = "ECONFLICT"
	ECONSENT         Code = "ECONSENT"         // consent_required
	ECONFIDENTIALITY Code = "ECONFIDENTIALITY" // confidentiality_required
	ETHROTTLED       Code = "ETHROTTLED"
	EUNAVAILABLE     Code = "EUNAVAILABLE"
	EINTERNAL        Code = "EINTERNAL"
)

// Error is the one error type the domain and storage return to callers. Message
// is safe to show to a user (Japanese); internal detail never goes in it.
type Error struct {
	Code    Code
	Message string
	// Fields maps a field name to a Japanese message (EINVALID, ECONSENT).
	Fields map[string]string
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return string(e.Code) + ": " + e.Message
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, strings.Join(keys, ","))
}

// Errorf builds an Error with a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for errors that are not *Error.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	if err == nil {
		return ""
	}
	return EINTERNAL
}

// ErrorMessage returns the user-safe message of err.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "システムエラーが発生しました。時間をおいてもう一度お試しください。"
}

// ErrorFields returns the per-field messages of err, or nil.
func ErrorFields(err error) map[string]string {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Invalid collects per-field validation messages.
type Invalid map[string]string

// Add records msg for field unless the field already has a message.
func (v Invalid) Add(field, msg string) {
	if _, ok := v[field]; !ok {
		v[field] = msg
	}
}

// Err returns an EINVALID error when any field failed, else nil.
func (v Invalid) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "入力内容に誤りがあります。各項目のメッセージをご確認ください。", Fields: map[string]string(v)}
}

// NotFound is the error for a missing or invisible object. Case content that
// the actor may not see is reported as not found, never as forbidden.
func NotFound(what string) *Error {
	return Errorf(ENOTFOUND, "%sが見つかりません。", what)
}

// Conflict is the error for a stale version.
func Conflict(what string) *Error {
	return Errorf(ECONFLICT, "%sは他の人によって更新されています。最新の内容を確認してから、もう一度保存してください。", what)
}

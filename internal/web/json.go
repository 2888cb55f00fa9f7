package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"kasane/internal/casework"
)

var notFoundAPI = casework.Errorf(casework.ENOTFOUND, "指定された API はありません。")

// readJSON decodes the request body into v. Bad JSON or a wrong type is a
// 422 with a Japanese message naming the field; a body over the limit (one
// sent without a length, e.g. chunked, is only found too large while read)
// is a 413 like one refused by its Content-Length (middleware.go).
func readJSON(r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return invalid("body", "Content-Type は application/json にしてください。")
	}
	dec := json.NewDecoder(r.Body)
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var ute *json.UnmarshalTypeError
		var se *json.SyntaxError
		switch {
		case errors.As(err, &mbe):
			return &bodyTooLargeError{limit: mbe.Limit}
		case errors.As(err, &ute):
			f := ute.Field
			if f == "" {
				f = "body"
			}
			return invalid(f, "値の型が正しくありません。")
		case errors.As(err, &se), errors.Is(err, io.ErrUnexpectedEOF):
			return invalid("body", "JSON の形式が正しくありません。")
		case errors.Is(err, io.EOF):
			return invalid("body", "本文が空です。")
		default:
			return invalid("body", "JSON を読み取れません。")
		}
	}
	if dec.More() {
		return invalid("body", "JSON の後に余分なデータがあります。")
	}
	return nil
}

// bodyTooLargeError is a request body over the limit, answered 413.
type bodyTooLargeError struct{ limit int64 }

func (e *bodyTooLargeError) Error() string {
	return fmt.Sprintf("送信されたデータが大きすぎます（上限 %d KB）。", e.limit>>10)
}

// tooLargeProblem is the 413 problem of a body over the limit.
func tooLargeProblem(err error) (Problem, bool) {
	var e *bodyTooLargeError
	if !errors.As(err, &e) {
		return Problem{}, false
	}
	return Problem{Type: "about:blank", Title: "送信データが大きすぎます", Status: http.StatusRequestEntityTooLarge, Code: "too_large", Detail: e.Error()}, true
}

// writeJSON writes v with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

// list is the envelope of every list response.
type list[T any] struct {
	Items      []T    `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func listOf[T any](items []T, next string) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, NextCursor: next}
}

// apiUpdate is the shape of every versioned JSON update: decode the body
// into b (which may hold the current values, for a partial update), refuse
// it without a version (*version points into b), save, answer 200 with
// what save returns.
func apiUpdate[B, R any](s *Server, w http.ResponseWriter, r *http.Request, b *B, version *int, save func() (R, error)) {
	if err := readJSON(r, b); err != nil {
		s.apiError(w, r, err)
		return
	}
	if *version == 0 {
		s.apiError(w, r, invalid("version", "version を指定してください。"))
		return
	}
	out, err := save()
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, out)
}

package web

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"kasane/internal/casework"
)

// problemCodes is the one table from error code to HTTP status, API code and
// Japanese title.
var problemCodes = map[casework.Code]struct {
	Status int
	Code   string
	Title  string
}{
	casework.ENOTFOUND:        {http.StatusNotFound, "not_found", "見つかりません"},
	casework.EFORBIDDEN:       {http.StatusForbidden, "forbidden", "この操作を行う権限がありません"},
	casework.EUNAUTHORIZED:    {http.StatusUnauthorized, "unauthorized", "ログインが必要です"},
	casework.EINVALID:         {http.StatusUnprocessableEntity, "invalid", "入力内容に誤りがあります"},
	casework.ECONFLICT:        {http.StatusConflict, "conflict", "他の人が先に更新しました"},
	casework.ECONSENT:         {http.StatusUnprocessableEntity, "consent_required", "本人の同意がありません"},
	casework.ECONFIDENTIALITY: {http.StatusUnprocessableEntity, "confidentiality_required", "守秘義務の確認が済んでいない出席者がいます"},
	casework.ETHROTTLED:       {http.StatusTooManyRequests, "too_many_requests", "試行回数が多すぎます"},
	casework.EUNAVAILABLE:     {http.StatusServiceUnavailable, "unavailable", "一時的に利用できません"},
	casework.EINTERNAL:        {http.StatusInternalServerError, "internal", "システムエラーが発生しました"},
}

// StatusOf returns the HTTP status for err.
func StatusOf(err error) int {
	if p, ok := problemCodes[casework.ErrorCode(err)]; ok {
		return p.Status
	}
	return http.StatusInternalServerError
}

// Problem is an RFC 9457 problem document.
type Problem struct {
	Type   string            `json:"type"`
	Title  string            `json:"title"`
	Status int               `json:"status"`
	Code   string            `json:"code"`
	Detail string            `json:"detail,omitempty"`
	Errors map[string]string `json:"errors,omitempty"`
}

// problemFor builds the problem document of err. Internal errors are logged
// with their detail (never personal data: our errors carry none) and shown
// with a generic message.
func (s *Server) problemFor(r *http.Request, err error) Problem {
	if p, ok := tooLargeProblem(err); ok { // json.go
		return p
	}
	code := casework.ErrorCode(err)
	p, ok := problemCodes[code]
	if !ok {
		p = problemCodes[casework.EINTERNAL]
		code = casework.EINTERNAL
	}
	if code == casework.EINTERNAL || code == casework.EUNAVAILABLE {
		s.log.ErrorContext(r.Context(), "request failed", slog.String("path", r.URL.Path), slog.String("error", err.Error()))
	}
	pr := Problem{Type: "about:blank", Title: p.Title, Status: p.Status, Code: p.Code, Detail: casework.ErrorMessage(err)}
	var ce *casework.Error
	if errors.As(err, &ce) {
		pr.Errors = ce.Fields
	}
	return pr
}

// apiError writes err as application/problem+json.
func (s *Server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	p := s.problemFor(r, err)
	writeProblem(w, p)
}

func writeProblem(w http.ResponseWriter, p Problem) {
	w.Header().Set("Content-Type", "application/problem+json; charset=utf-8")
	if p.Status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", retryAfterSeconds)
	}
	w.WriteHeader(p.Status)
	_ = json.NewEncoder(w).Encode(p)
}

// invalid builds an EINVALID error for one field.
func invalid(field, msg string) error {
	return &casework.Error{Code: casework.EINVALID, Message: msg, Fields: map[string]string{field: msg}}
}

// Package web serves the browser UI and the JSON API.
package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// Server holds what the handlers need. It keeps no state of its own beyond
// the database, so several instances can serve one PostgreSQL.
type Server struct {
	cfg    config.Config
	db     *sqldb.DB
	log    *slog.Logger
	assets *assets
	pages  map[string]*template.Template
	now    func() time.Time
	proxy  proxyWatch // proxywarn.go
}

// New builds a server; templates and assets are loaded once here and a
// broken one fails the start.
func New(cfg config.Config, db *sqldb.DB, log *slog.Logger) (*Server, error) {
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, db: db, log: log, assets: a}
	s.now = func() time.Time { return db.Now() }
	if err := s.parseTemplates(); err != nil {
		return nil, err
	}
	s.warnAtStart()
	return s, nil
}

// HTTPServer returns an http.Server with the timeouts set.
func (s *Server) HTTPServer() *http.Server {
	return &http.Server{
		Addr:              s.cfg.Addr,
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       s.cfg.ReadTimeout,
		WriteTimeout:      s.cfg.WriteTimeout,
		IdleTimeout:       s.cfg.IdleTimeout,
		MaxHeaderBytes:    hardHeaderLimit, // the 64 KiB limit is limits_header.go's, answered as problem+json
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

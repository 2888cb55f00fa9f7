// Package config holds the server configuration, read from flags and the
// environment. There are no globals: the Config is passed down.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Config is the configuration of a kasane process.
type Config struct {
	DB   string // SQLite file path or postgres:// URL
	Addr string // listen address
	// InsecureCookies drops the Secure attribute of the session cookie, for
	// plain-HTTP use on loopback (demo and tests). Never in production.
	InsecureCookies bool
	// Demo marks the demo server: banners say so and the second factor is off.
	Demo bool
	// MapTileURL is the tile server of the map (e.g. 地理院タイル inside LGWAN); empty: no map tiles.
	MapTileURL string
	// TrustProxy takes the client address from X-Forwarded-For.
	TrustProxy bool
	LogLevel   string
	// Timeouts of the HTTP server.
	ReadTimeout, WriteTimeout, IdleTimeout time.Duration
	// RequestTimeout bounds the work of one request.
	RequestTimeout time.Duration
	// BodyLimit is the default request body limit in bytes.
	BodyLimit int64
	// SecretKeyFile is the file of the server's secret key (32 random bytes
	// in Base64) that encrypts TOTP secrets in the database. It must live
	// outside the database and its backups. Empty: no key.
	SecretKeyFile string
}

// Default returns the defaults.
func Default() Config {
	return Config{
		DB:             "./kasane.db",
		Addr:           "127.0.0.1:8080",
		LogLevel:       "info",
		ReadTimeout:    15 * time.Second,
		WriteTimeout:   60 * time.Second,
		IdleTimeout:    120 * time.Second,
		RequestTimeout: 30 * time.Second,
		BodyLimit:      1 << 20,
	}
}

// Load reads the flags of a subcommand over the environment over the
// defaults. extra may register more flags on the set before parsing.
func Load(name string, args []string, getenv func(string) string, stderr io.Writer, extra func(*flag.FlagSet)) (Config, *flag.FlagSet, error) {
	c := Default()
	if v := getenv("KASANE_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("KASANE_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("KASANE_MAP_TILE_URL"); v != "" {
		c.MapTileURL = v
	}
	if v := getenv("KASANE_SECRET_KEY_FILE"); v != "" {
		c.SecretKeyFile = v
	}
	if v := getenv("KASANE_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	if v := getenv("KASANE_INSECURE_COOKIES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, nil, fmt.Errorf("KASANE_INSECURE_COOKIES: %q は true か false で指定してください", v)
		}
		c.InsecureCookies = b
	}
	if v := getenv("KASANE_TRUST_PROXY"); v != "" {
		c.TrustProxy = v == "1" || v == "true"
	}
	fs := flag.NewFlagSet("kasane "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.DB, "db", c.DB, "SQLite file path or postgres:// URL (env KASANE_DB)")
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (env KASANE_ADDR)")
	fs.BoolVar(&c.InsecureCookies, "insecure-cookies", c.InsecureCookies, "session cookie without Secure (plain HTTP on loopback only)")
	fs.StringVar(&c.MapTileURL, "map-tiles", c.MapTileURL, "map tile URL template, e.g. https://tiles.example.lg.jp/{z}/{x}/{y}.png")
	fs.StringVar(&c.SecretKeyFile, "secret-key-file", c.SecretKeyFile, "file with the secret key (32 random bytes, Base64) that encrypts TOTP secrets (env KASANE_SECRET_KEY_FILE)")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn or error")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return c, fs, err
		}
		return c, fs, fmt.Errorf("引数が正しくありません: %v", err)
	}
	if c.DB == "" {
		return c, fs, errors.New("--db が空です")
	}
	return c, fs, nil
}

// Package config holds the server configuration, read from flags and the
// environment. There are no globals: the Config is passed down.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/url"
	"strconv"
	"strings"
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
	// PublicURL is the address users open kasane at, e.g.
	// https://kasane.city.example.lg.jp (scheme, host and port; no path).
	// Security keys (WebAuthn) are bound to its host name. Empty: security
	// keys work only when kasane is opened as http(s)://localhost.
	PublicURL string
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
	if v := getenv("KASANE_PUBLIC_URL"); v != "" {
		c.PublicURL = v
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
	fs.StringVar(&c.PublicURL, "public-url", c.PublicURL, "the URL users open kasane at, e.g. https://kasane.city.example.lg.jp; security keys are bound to its host (env KASANE_PUBLIC_URL)")
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
	if c.PublicURL != "" {
		if _, err := ParsePublicURL(c.PublicURL); err != nil {
			return c, fs, err
		}
	}
	return c, fs, nil
}

// ParsePublicURL checks a public URL (KASANE_PUBLIC_URL) and returns its
// origin, "scheme://host[:port]": http or https, a host name (WebAuthn
// binds keys to a domain name, never to an IP address), no path beyond "/",
// no query. http is accepted only for localhost.
func ParsePublicURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	bad := func(why string) (*url.URL, error) {
		return nil, fmt.Errorf("KASANE_PUBLIC_URL: %q %s（例: https://kasane.city.example.lg.jp）", s, why)
	}
	switch {
	case err != nil || u.Host == "" || u.User != nil:
		return bad("は URL として読めません")
	case u.Scheme != "https" && u.Scheme != "http":
		return bad("は https:// で始めてください")
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "":
		return bad("にはパスや ? を付けないでください")
	case net.ParseIP(strings.Trim(u.Hostname(), "[]")) != nil:
		return bad("には IP アドレスではなくホスト名を指定してください（セキュリティキーはホスト名に結び付きます）")
	case u.Scheme == "http" && u.Hostname() != "localhost":
		return bad("は https:// で始めてください（http は localhost だけ）")
	}
	return &url.URL{Scheme: u.Scheme, Host: strings.ToLower(u.Host)}, nil
}

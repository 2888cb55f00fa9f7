package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/width"

	"kasane/internal/config"
	"kasane/internal/demo"
	"kasane/internal/web"
)

// cmdServe runs the server until ctx ends. With demoMode it first seeds (or
// reuses) the demo municipality and prints the logins.
func cmdServe(ctx context.Context, e env, args []string, demoMode bool) error {
	name := "serve"
	if demoMode {
		name = "demo"
	}
	allowAsync := e.getenv("KASANE_ALLOW_ASYNC_REPLICA") == "1" || e.getenv("KASANE_ALLOW_ASYNC_REPLICA") == "true"
	dbRead := e.getenv("KASANE_DB_READ")
	nameSnap := e.getenv("KASANE_NAME_INDEX_SNAPSHOT")
	cfg, _, err := config.Load(name, args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&allowAsync, "allow-async-replica", allowAsync, "start even if a PostgreSQL standby replicates asynchronously (env KASANE_ALLOW_ASYNC_REPLICA)")
		fs.StringVar(&dbRead, "db-read", dbRead, "postgres:// URL of a standby that reports and exports read from (env KASANE_DB_READ)")
		fs.StringVar(&nameSnap, "name-index-snapshot", nameSnap, "where the name index snapshot is kept: empty (beside the SQLite file / in the PostgreSQL database), db, off or a file path (env KASANE_NAME_INDEX_SNAPSHOT)")
		if demoMode {
			fs.Lookup("db").DefValue = "./kasane-demo.db"
			_ = fs.Set("db", pick(e.getenv("KASANE_DB"), "./kasane-demo.db"))
		}
	})
	if err != nil {
		return err
	}
	if demoMode {
		cfg.Demo = true
		cfg.InsecureCookies = true // the demo serves plain HTTP on loopback
	}
	serverGC(e.getenv)
	// listen first: a port in use is said at once, before any seeding
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return listenError(cfg.Addr, name, err)
	}
	defer ln.Close()
	open := openDB
	if demoMode {
		open = createDB // the demo makes its database on the first start
	}
	db, err := open(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckReplication(ctx, allowAsync); err != nil { // sqldb/ha.go
		return err
	}
	if dbRead != "" {
		if err := db.OpenReadReplica(ctx, dbRead); err != nil {
			return err
		}
	}
	log := newLogger(e.stderr, cfg.LogLevel)
	if err := db.SetNameIndexSnapshot(nameSnap, log); err != nil {
		return err
	}
	if err := installSecretKey(ctx, cfg, db, log, e.stderr); err != nil {
		return err
	}
	if demoMode {
		logins, err := demo.Seed(ctx, db)
		if err != nil {
			return fmt.Errorf("デモデータを作成できません: %w", err)
		}
		printLogins(e.stdout, logins)
	}
	srv, err := web.New(cfg, db, log)
	if err != nil {
		return err
	}
	hs := srv.HTTPServer()
	fmt.Fprintf(e.stdout, "kasane: listening on http://%s/\n", ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- hs.Serve(ln) }()
	// load the name index now rather than on the first search; stopped and
	// waited for before the database closes
	wctx, cancelWarm := context.WithCancel(ctx)
	var warm sync.WaitGroup
	defer warm.Wait()
	defer cancelWarm()
	warm.Go(func() {
		t0 := time.Now()
		if err := db.WarmNameIndex(wctx); err != nil {
			if wctx.Err() == nil {
				log.Warn("name index not loaded at start; the first search loads it", "err", err.Error())
			}
			return
		}
		li := db.NameIndexLoadInfo()
		log.Info("name index loaded", "seconds", time.Since(t0).Seconds(), "from", li.From, "changes_since_snapshot", li.Delta)
		debug.FreeOSMemory() // what loading left behind goes back to the system
		// a new snapshot when there is none or it is stale (nameindex_snapshot.go)
		db.KeepNameIndexSnapshot(wctx, time.Minute)
	})
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func pick(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// listenError tells the operator what to do when the address cannot be
// listened on, most often a port taken by another kasane.
func listenError(addr, cmd string, err error) error {
	return fmt.Errorf("%s で待ち受けできません（%v）。ポートを別のプログラム（先に起動した kasane など）が使っているときは、"+
		"--addr で別のアドレスを指定してください（例: kasane %s --addr 127.0.0.1:8081）", addr, err, cmd)
}

// printLogins prints the demo's logins as a table whose columns line up in
// a terminal, where kanji and kana take two columns.
func printLogins(w io.Writer, logins []demo.Login) {
	rows := [][3]string{{"メールアドレス", "役割", "所属"}}
	for _, l := range logins {
		rows = append(rows, [3]string{l.Email, l.Role, l.Org})
	}
	var wid [2]int
	for _, r := range rows {
		wid[0], wid[1] = max(wid[0], displayWidth(r[0])), max(wid[1], displayWidth(r[1]))
	}
	fmt.Fprintln(w, "デモ用のログイン（架空のデータです。パスワードは共通）:")
	for _, r := range rows {
		fmt.Fprintf(w, "  %s  %s  %s\n", padRight(r[0], wid[0]), padRight(r[1], wid[1]), r[2])
	}
	fmt.Fprintf(w, "  パスワード: %s\n", demo.Password)
}

// displayWidth is the number of terminal columns s takes: East Asian wide
// and full-width characters take two.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func padRight(s string, w int) string {
	return s + strings.Repeat(" ", max(0, w-displayWidth(s)))
}

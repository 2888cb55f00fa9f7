package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"sync"
	"time"

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
	cfg, _, err := config.Load(name, args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
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
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	log := newLogger(e.stderr, cfg.LogLevel)
	if err := installSecretKey(ctx, cfg, db, log); err != nil {
		return err
	}
	if demoMode {
		logins, err := demo.Seed(ctx, db)
		if err != nil {
			return fmt.Errorf("デモデータを作成できません: %w", err)
		}
		fmt.Fprintln(e.stdout, "デモ用のログイン（架空のデータです。パスワードは共通）:")
		for _, l := range logins {
			fmt.Fprintf(e.stdout, "  %-34s %-28s %s\n", l.Email, l.Role, l.Org)
		}
		fmt.Fprintf(e.stdout, "  パスワード: %s\n", demo.Password)
	}
	srv, err := web.New(cfg, db, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("%s で待ち受けできません: %v", cfg.Addr, err)
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
		log.Info("name index loaded", "seconds", time.Since(t0).Seconds())
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

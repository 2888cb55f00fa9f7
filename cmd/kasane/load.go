package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"time"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/loadtest"
	"kasane/internal/sqldb"
	"kasane/internal/web"
)

// loadMuniCode is the municipality the load test fills with fictitious data.
const loadMuniCode = "999990"

type loadOpts struct {
	cases, users, orgs int
	duration, phase    time.Duration
	think, warmup      time.Duration
	maxRequests        int64
	cpuProfile         string
	trace              string
	only               string
}

// cmdLoad seeds (or reuses) a fictitious municipality of --cases cases,
// serves kasane on a loopback port and drives it with --users concurrent
// logged-in users: a hello-world ceiling, the case list alone, the case page
// alone and the realistic mix. Bounded by --duration/--phase and
// --max-requests.
func cmdLoad(ctx context.Context, e env, args []string) error {
	var o loadOpts
	cfg, _, err := config.Load("load", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.IntVar(&o.cases, "cases", 100000, "cases to seed (fictitious)")
		fs.IntVar(&o.users, "users", 200, "concurrent logged-in users")
		fs.IntVar(&o.orgs, "orgs", 20, "organizations the cases and users are spread over")
		fs.DurationVar(&o.duration, "duration", 60*time.Second, "length of the mixed run")
		fs.DurationVar(&o.phase, "phase", 10*time.Second, "length of each single-request run (ceiling, list, case page)")
		fs.Int64Var(&o.maxRequests, "max-requests", 2_000_000, "upper bound of requests per run")
		fs.StringVar(&o.cpuProfile, "cpuprofile", "", "write a CPU profile (pprof) of the kasane runs (not the ceiling) to this file")
		fs.StringVar(&o.trace, "trace", "", "write an execution trace (runtime/trace) of the kasane runs to this file: where requests wait (go tool trace -pprof=sync|sched|syscall FILE)")
		fs.DurationVar(&o.think, "think", 0, "if set, a last mixed run in which each user pauses this long on average between requests, as people read a page before the next click")
		fs.DurationVar(&o.warmup, "warmup", 10*time.Second, "with --think: the first part of the same run, this long, reported apart and not counted (new connections, cold caches of a just-started server); the users go on without a break")
		fs.StringVar(&o.only, "only", "", `run only the case list ("list") or the case page ("page") alone after the ceiling, for profiling; or only the mix with --think ("think"), not after a stress run`)
	})
	if err != nil {
		return err
	}
	if o.users < 1 || o.orgs < 1 || o.cases < 1 || o.duration <= 0 || o.duration > time.Hour || o.phase > time.Hour ||
		o.think < 0 || o.think > time.Hour || o.warmup < 0 || o.warmup > time.Hour {
		return errors.New("--users, --orgs, --cases は 1 以上、--duration、--phase、--think、--warmup は 1 時間以内にしてください")
	}
	switch o.only {
	case "", "list", "page":
	case "think":
		if o.think <= 0 {
			return errors.New("--only think には --think を指定してください")
		}
	default:
		return errors.New("--only は list、page、think のいずれかです")
	}
	db, err := createDB(ctx, cfg) // a new database for the fictitious data
	if err != nil {
		return err
	}
	defer db.Close()
	t0 := time.Now()
	users, err := loadSeed(ctx, e, db, o)
	if err != nil {
		return err
	}
	if err := db.RefreshPlannerStats(ctx); err != nil {
		return err
	}
	t1 := time.Now()
	if err := db.WarmNameIndex(ctx); err != nil { // as kasane serve does at start
		return err
	}
	fmt.Fprintf(e.stdout, "machine: %d CPUs, load average %s\n", runtime.NumCPU(), loadAverage())
	fmt.Fprintf(e.stdout, "name index loaded in %.1f s (kasane serve does it at start)\n", time.Since(t1).Seconds())
	fmt.Fprintf(e.stdout, "database: %s (%s), %d users ready in %.1f s\n", db.Dialect(), redact(cfg.DB), len(users), t1.Sub(t0).Seconds())

	cfg.LogLevel = "error"
	serverGC(e.getenv) // as kasane serve
	srv, err := web.New(cfg, db, slog.New(slog.NewJSONHandler(io.Discard, nil)))
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	hs := srv.HTTPServer()
	go func() { _ = hs.Serve(ln) }()
	defer hs.Close()
	base := "http://" + ln.Addr().String()
	client := loadtest.NewClient(o.users)

	hello, helloURL, err := loadtest.HelloWorld()
	if err != nil {
		return err
	}
	ceiling := loadtest.Run(ctx, client, loadtest.Config{Workers: o.users, Duration: o.phase, MaxRequests: o.maxRequests,
		Ops: []loadtest.Op{{Name: "hello-world", Weight: 1, Request: func(int, *rand.Rand) (*http.Request, error) { return http.NewRequest("GET", helloURL, nil) }}}})
	hello.Close()
	loadtest.Format(e.stdout, "ceiling: plain net/http hello world", ceiling)

	ops := loadOps(base, users)
	stop, err := startProfiles(o.cpuProfile, o.trace)
	if err != nil {
		return err
	}
	var results []loadtest.Result
	singles := []int{0, 1}
	switch o.only {
	case "list":
		singles = []int{0}
	case "page":
		singles = []int{1}
	case "think":
		singles = nil
	}
	ceilings := []ceilingRun{{"hello world", ceiling}}
	for _, single := range singles {
		st, err := staticBaseline(ctx, e, client, o, ops[single], ceiling.Total.RPS)
		if err != nil {
			return err
		}
		ceilings = append(ceilings, ceilingRun{"static copy of the " + ops[single].Name, st})
		cpu0 := processCPU()
		r := loadtest.Run(ctx, client, loadtest.Config{Workers: o.users, Duration: o.phase, MaxRequests: o.maxRequests, Ops: []loadtest.Op{ops[single]}})
		loadtest.Format(e.stdout, ops[single].Name+" alone", r)
		printCPUPerRequest(e.stdout, processCPU()-cpu0, r)
		fmt.Fprintf(e.stdout, "  = %.0f%% of the hello-world ceiling\n", 100*r.Total.RPS/ceiling.Total.RPS)
		results = append(results, r)
	}
	if o.only == "think" {
		// the ceilings of this run beside the think-time figures: the
		// static copies of the two pages, as the stress runs measure them
		for _, op := range ops[:2] {
			st, err := staticBaseline(ctx, e, client, o, op, ceiling.Total.RPS)
			if err != nil {
				return err
			}
			ceilings = append(ceilings, ceilingRun{"static copy of the " + op.Name, st})
		}
		thinkRun(ctx, e, client, o, ops, ceilings)
		stop()
		fmt.Fprintf(e.stdout, "load average at the end: %s\n", loadAverage())
		return nil
	}
	if o.only != "" {
		stop()
		return nil
	}
	cpu0 := processCPU()
	mix := loadtest.Run(ctx, client, loadtest.Config{Workers: o.users, Duration: o.duration, MaxRequests: o.maxRequests, Ops: ops})
	stop()
	loadtest.Format(e.stdout, fmt.Sprintf("mix: %d users", o.users), mix)
	printCPUPerRequest(e.stdout, processCPU()-cpu0, mix)
	results = append(results, mix)
	var problems []string
	for _, r := range results {
		if r.Total.Errors > 0 {
			problems = append(problems, fmt.Sprintf("%d errors", r.Total.Errors))
		}
	}
	if mix.Total.P99 > 100*time.Millisecond {
		problems = append(problems, fmt.Sprintf("mix p99 %s > 100ms", mix.Total.P99.Round(time.Millisecond)))
	}
	for i, r := range results[:2] {
		if r.Total.RPS < ceiling.Total.RPS/4 {
			problems = append(problems, fmt.Sprintf("%s alone below 25%% of the ceiling", ops[i].Name))
		}
	}
	if o.think > 0 {
		thinkRun(ctx, e, client, o, ops, ceilings)
	}
	fmt.Fprintf(e.stdout, "load average at the end: %s\n", loadAverage())
	if len(problems) > 0 {
		fmt.Fprintf(e.stdout, "goal NOT met: %s\n", strings.Join(problems, "; "))
	} else {
		fmt.Fprintln(e.stdout, "goal met: zero errors, p99 ≤ 100 ms, case list and case page ≥ 25% of the ceiling")
	}
	return nil
}

// thinkRun is the mix as people work: each user reads the page before the
// next click, pausing o.think on average.
func thinkRun(ctx context.Context, e env, client *http.Client, o loadOpts, ops []loadtest.Op, ceilings []ceilingRun) {
	// one run: the warm-up is its first part, counted apart, and the same
	// users go on into the measured part without a break
	cpu0 := processCPU()
	r := loadtest.Run(ctx, client, loadtest.Config{Workers: o.users, Duration: o.warmup + o.duration, Warmup: o.warmup, MaxRequests: o.maxRequests, Ops: ops, Think: o.think})
	if o.warmup > 0 {
		fmt.Fprintf(e.stdout, "warm-up, the first %s of the same run, not counted below: %d requests, %d errors, p50 %s, p99 %s\n", o.warmup, r.Warm.Count, r.Warm.Errors,
			r.Warm.P50.Round(100*time.Microsecond), r.Warm.P99.Round(100*time.Microsecond))
	}
	loadtest.Format(e.stdout, fmt.Sprintf("mix: %d users pausing %s on average between requests", o.users, o.think), r)
	printCPUPerRequest(e.stdout, processCPU()-cpu0, r) // of the whole run, warm-up included
	fmt.Fprintf(e.stdout, "  requests over 100 ms, by the second they began in: %v\n", r.SlowBySecond)
	verdict := "met"
	if r.Total.Errors > 0 || r.Total.P99 > 100*time.Millisecond {
		verdict = "NOT met"
	}
	fmt.Fprintf(e.stdout, "  zero errors and p99 ≤ 100 ms with think time: %s (the goals above are judged on the mix without think time)\n", verdict)
	fmt.Fprintf(e.stdout, "  beside the ceilings of this run (%d users, no pause):", o.users)
	for _, c := range ceilings {
		fmt.Fprintf(e.stdout, " %s %.1f req/s (p99 %s);", c.name, c.r.Total.RPS, c.r.Total.P99.Round(100*time.Microsecond))
	}
	fmt.Fprintf(e.stdout, " kasane with think time %.1f req/s, p99 %s, %d errors\n", r.Total.RPS, r.Total.P99.Round(100*time.Microsecond), r.Total.Errors)
}

// ceilingRun is a baseline of the same run: the hello world or a static copy.
type ceilingRun struct {
	name string
	r    loadtest.Result
}

// staticBaseline fetches one page of op and serves the same bytes from
// memory with plain net/http: how fast this machine moves a page of that
// size with nothing to look up, check, audit or render. It shows what the
// goal of 25% of the hello-world ceiling leaves for the work itself.
func staticBaseline(ctx context.Context, e env, client *http.Client, o loadOpts, op loadtest.Op, ceiling float64) (loadtest.Result, error) {
	req, err := op.Request(0, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		return loadtest.Result{}, err
	}
	resp, err := client.Do(req.WithContext(ctx))
	if err != nil {
		return loadtest.Result{}, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return loadtest.Result{}, err
	}
	srv, url, err := loadtest.StaticPage(body)
	if err != nil {
		return loadtest.Result{}, err
	}
	defer srv.Close()
	r := loadtest.Run(ctx, client, loadtest.Config{Workers: o.users, Duration: o.phase, MaxRequests: o.maxRequests,
		Ops: []loadtest.Op{{Name: "static copy", Weight: 1, Request: loadtest.Get(url)}}})
	loadtest.Format(e.stdout, fmt.Sprintf("baseline: the same %s served from memory (%d bytes, plain net/http)", op.Name, len(body)), r)
	fmt.Fprintf(e.stdout, "  = %.0f%% of the hello-world ceiling\n", 100*r.Total.RPS/ceiling)
	return r, nil
}

// loadUser is one logged-in user of the load test and cases it may read.
type loadUser struct {
	token   string // for the API
	session string // for pages: they take a browser session only
	caseIDs []string
}

func loadOps(base string, users []loadUser) []loadtest.Op {
	get := func(path func(u loadUser, rnd *rand.Rand) string) func(int, *rand.Rand) (*http.Request, error) {
		return func(w int, rnd *rand.Rand) (*http.Request, error) {
			u := users[w%len(users)]
			req, err := http.NewRequest("GET", base+path(u, rnd), nil)
			if err == nil {
				req.AddCookie(&http.Cookie{Name: "kasane_session", Value: u.session})
			}
			return req, err
		}
	}
	someCase := func(u loadUser, rnd *rand.Rand) string { return u.caseIDs[rnd.IntN(len(u.caseIDs))] }
	names := []string{"佐藤", "たかはし", "ヤマダ 花子", "鈴木一郎", "ｲﾄｳ", "渡邊", "中村 誠"}
	return []loadtest.Op{
		{Name: "case list", Weight: 30, Request: get(func(loadUser, *rand.Rand) string { return "/cases" })},
		{Name: "case page", Weight: 35, Request: get(func(u loadUser, rnd *rand.Rand) string { return "/cases/" + someCase(u, rnd) })},
		{Name: "search", Weight: 25, Request: get(func(_ loadUser, rnd *rand.Rand) string {
			return "/persons?q=" + urlQuery(names[rnd.IntN(len(names))])
		})},
		{Name: "add contact", Weight: 10, Request: func(w int, rnd *rand.Rand) (*http.Request, error) {
			u := users[w%len(users)]
			body := fmt.Sprintf(`{"at":%q,"method":"電話","content":"負荷試験の記録（架空）%d","minutes":10}`,
				time.Now().In(time.FixedZone("JST", 9*3600)).Add(-time.Hour).Format(time.RFC3339), rnd.IntN(1000))
			req, err := http.NewRequest("POST", base+"/api/v1/cases/"+someCase(u, rnd)+"/contacts", strings.NewReader(body))
			if err == nil {
				req.Header.Set("Authorization", "Bearer "+u.token)
				req.Header.Set("Content-Type", "application/json")
			}
			return req, err
		}, OK: func(s int) bool { return s == http.StatusCreated }},
	}
}

// loadSeed makes sure the load municipality exists with its cases and
// returns users with fresh tokens (for the API) and sessions (for pages).
func loadSeed(ctx context.Context, e env, db *sqldb.DB, o loadOpts) ([]loadUser, error) {
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return nil, err
	}
	var sys casework.Actor
	for _, m := range ms {
		if m.Code == loadMuniCode {
			sys = casework.System(m.ID)
		}
	}
	if sys.MunicipalityID == "" {
		m, err := db.CreateMunicipality(ctx, loadMuniCode, "負荷試験市（架空）")
		if err != nil {
			return nil, err
		}
		sys = casework.System(m.ID)
		var seed []sqldb.SeedOrg
		for i := range o.orgs {
			org := casework.Organization{Name: fmt.Sprintf("負荷試験機関%02d", i+1), Kind: "community_support_center"}
			if err := db.CreateOrganization(ctx, sys, &org); err != nil {
				return nil, err
			}
			so := sqldb.SeedOrg{OrganizationID: org.ID}
			for j := i; j < o.users; j += o.orgs {
				u := casework.User{OrganizationID: org.ID, Email: fmt.Sprintf("load%03d@example.invalid", j), Name: fmt.Sprintf("試験 職員%03d", j), Roles: []string{"worker"}}
				if err := db.CreateUser(ctx, sys, &u, ""); err != nil {
					return nil, err
				}
				so.WorkerIDs = append(so.WorkerIDs, u.ID)
			}
			seed = append(seed, so)
		}
		t0 := time.Now()
		err = db.SeedBulk(ctx, sys, seed, o.cases, func(done int) {
			if done%20000 == 0 || done == o.cases {
				fmt.Fprintf(e.stderr, "kasane load: %d/%d cases (%.0f s)\n", done, o.cases, time.Since(t0).Seconds())
			}
		})
		if err != nil {
			return nil, err
		}
	}
	all, err := db.Users(ctx, sys)
	if err != nil {
		return nil, err
	}
	byOrg := map[string][]string{}
	var out []loadUser
	for _, u := range all {
		if len(out) == o.users {
			break
		}
		if !strings.HasPrefix(u.Email, "load") {
			continue
		}
		ids, ok := byOrg[u.OrganizationID]
		a := sqldb.ActorFor(u)
		if !ok {
			cs, err := db.Cases(ctx, a, sqldb.CaseFilter{Limit: 500})
			if err != nil {
				return nil, err
			}
			for _, c := range cs {
				ids = append(ids, c.ID)
			}
			byOrg[u.OrganizationID] = ids
		}
		if len(ids) == 0 {
			continue
		}
		tok, err := auth.NewToken("ksn_")
		if err != nil {
			return nil, err
		}
		if err := db.CreateToken(ctx, sys, u.ID, auth.HashToken(tok)); err != nil {
			return nil, err
		}
		sid, err := auth.NewSessionID()
		if err != nil {
			return nil, err
		}
		if err := db.StartSession(ctx, u, auth.HashToken(sid), false, "127.0.0.1"); err != nil {
			return nil, err
		}
		out = append(out, loadUser{token: tok, session: sid, caseIDs: ids})
	}
	if len(out) == 0 {
		return nil, errors.New("負荷試験の職員がいません")
	}
	return out, nil
}

// loadAverage is the 1, 5 and 15 minute load average (Linux), or "?": the
// machine may be shared, and the figures mean little without it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

// startProfiles starts a pprof CPU profile into path and an execution
// trace into tracePath (none when empty); the returned function stops them.
func startProfiles(path, tracePath string) (func(), error) {
	var stops []func()
	stop := func() {
		for _, s := range stops {
			s()
		}
	}
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			return nil, err
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Close()
			return nil, err
		}
		stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
	}
	if tracePath != "" {
		f, err := os.Create(tracePath)
		if err != nil {
			stop()
			return nil, err
		}
		if err := trace.Start(f); err != nil {
			f.Close()
			stop()
			return nil, err
		}
		stops = append(stops, func() { trace.Stop(); f.Close() })
	}
	return stop, nil
}

func redact(dsn string) string {
	if i := strings.Index(dsn, "@"); i > 0 && sqldb.IsPostgres(dsn) {
		return "postgres://…" + dsn[i:]
	}
	return dsn
}

func urlQuery(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

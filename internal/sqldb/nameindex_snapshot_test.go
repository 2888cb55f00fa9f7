package sqldb_test

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
	"kasane/internal/sqldb/sqldbtest"
)

// snapEnv is one database with a worker, the persons the test made, and
// the log lines of every handle opened on it.
type snapEnv struct {
	t       *testing.T
	ctx     context.Context
	dsn     string
	setting string
	w       casework.Actor
	rng     *rand.Rand
	mu      sync.Mutex
	logs    []string
	made    []casework.Person
	n       int
}

// snapSettings are the places a snapshot can be kept on the database under
// test: the default (a file beside SQLite, the table on PostgreSQL), the
// table, a file named by path.
func snapSettings(t *testing.T) []string {
	if os.Getenv("KASANE_TEST_DATABASE") != "" {
		return []string{"", filepath.Join(t.TempDir(), "names.snap")}
	}
	return []string{"", "db"}
}

func newSnapEnv(t *testing.T, setting string, seed uint64) *snapEnv {
	e := &snapEnv{t: t, ctx: context.Background(), dsn: sqldbtest.DSN(t), setting: setting, rng: rand.New(rand.NewPCG(seed, 39))}
	db := e.open(setting)
	if _, err := db.Migrate(e.ctx); err != nil {
		t.Fatal(err)
	}
	sys := sqldbtest.Muni(t, db)
	org := sqldbtest.Org(t, db, sys, "索引保存センター", "community_support_center")
	_, e.w = sqldbtest.User(t, db, sys, org, "snap@example.invalid", "worker")
	return e
}

// open opens another handle on the database (another server, or the same
// one after a restart) keeping snapshots per setting.
func (e *snapEnv) open(setting string) *sqldb.DB {
	e.t.Helper()
	db, err := sqldb.Open(e.ctx, e.dsn)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	if err := db.SetNameIndexSnapshot(setting, slog.New(slog.NewTextHandler(logSink{e}, nil))); err != nil {
		e.t.Fatal(err)
	}
	return db
}

// logSink keeps each log line.
type logSink struct{ e *snapEnv }

func (l logSink) Write(b []byte) (int, error) {
	l.e.mu.Lock()
	l.e.logs = append(l.e.logs, string(b))
	l.e.mu.Unlock()
	return len(b), nil
}

var (
	snapFamilies = []string{"佐藤", "鈴木", "高橋", "田中", "渡辺", "伊藤", "山本", "中村"}
	snapFamKana  = []string{"サトウ", "スズキ", "タカハシ", "タナカ", "ワタナベ", "イトウ", "ヤマモト", "ナカムラ"}
	snapGiven    = []string{"一郎", "花子", "太郎", "美咲", "健", "陽子"}
	snapGivKana  = []string{"イチロウ", "ハナコ", "タロウ", "ミサキ", "ケン", "ヨウコ"}
)

// register makes a person with a random name; a unique one when unique.
func (e *snapEnv) register(db *sqldb.DB, unique bool) casework.Person {
	e.t.Helper()
	p, err := e.tryRegister(db, unique)
	if err != nil {
		e.t.Fatal(err)
	}
	return p
}

// tryRegister is register for goroutines other than the test's.
func (e *snapEnv) tryRegister(db *sqldb.DB, unique bool) (casework.Person, error) {
	e.mu.Lock()
	f, g := e.rng.IntN(len(snapFamilies)), e.rng.IntN(len(snapGiven))
	e.n++
	n := e.n
	e.mu.Unlock()
	p := casework.Person{FamilyName: snapFamilies[f], GivenName: snapGiven[g], FamilyKana: snapFamKana[f], GivenKana: snapGivKana[g], Identified: true}
	if unique {
		p.FamilyName, p.FamilyKana = "固有"+strconv.Itoa(n), "コユウ"
	}
	if err := db.CreatePerson(e.ctx, e.w, &p); err != nil {
		return p, err
	}
	e.mu.Lock()
	e.made = append(e.made, p)
	e.mu.Unlock()
	return p, nil
}

// rename gives p another family name.
func (e *snapEnv) rename(db *sqldb.DB, p *casework.Person, family string) {
	e.t.Helper()
	p.FamilyName = family
	if err := db.UpdatePerson(e.ctx, e.w, p); err != nil {
		e.t.Fatal(err)
	}
}

// check: the handle's index holds exactly the keys of the persons table.
func (e *snapEnv) check(db *sqldb.DB, what string) {
	e.t.Helper()
	want, err := sqldb.IndexedKeys(e.ctx, db)
	if err != nil {
		e.t.Fatal(err)
	}
	idx, err := db.NameIndex(e.ctx, e.w.MunicipalityID)
	if err != nil {
		e.t.Fatal(err)
	}
	got := map[string][3]string{}
	idx.ForEach(func(id, name, kana string) { got[id] = [3]string{e.w.MunicipalityID, name, kana} })
	for id, k := range want {
		if got[id] != k {
			e.t.Fatalf("%s: person %s: index holds %q, persons %q", what, id, got[id], k)
		}
	}
	for id := range got {
		if _, ok := want[id]; !ok {
			e.t.Fatalf("%s: index holds %s, which persons do not (%d vs %d)", what, id, len(got), len(want))
		}
	}
}

func (e *snapEnv) found(db *sqldb.DB, q, id string) bool {
	e.t.Helper()
	hits, err := db.SearchPersons(e.ctx, e.w, q, 100)
	if err != nil {
		e.t.Fatal(err)
	}
	return slices.ContainsFunc(hits, func(h sqldb.PersonHit) bool { return h.ID == id })
}

// noNamesLogged: no log line carries a name or a reading of any person.
func (e *snapEnv) noNamesLogged() {
	e.t.Helper()
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, l := range e.logs {
		for _, p := range e.made {
			for _, s := range []string{p.FamilyName, p.GivenName, p.FamilyKana, p.GivenKana} {
				if s != "" && strings.Contains(l, s) {
					e.t.Fatalf("log line names a person: %s", l)
				}
			}
		}
	}
}

func (e *snapEnv) logged(part string) bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	return slices.ContainsFunc(e.logs, func(l string) bool { return strings.Contains(l, part) })
}

// snapFile is the snapshot's file ("" when it is kept in the database).
func (e *snapEnv) snapFile() string {
	switch {
	case e.setting == "db" || e.setting == "" && os.Getenv("KASANE_TEST_DATABASE") != "":
		return ""
	case e.setting == "":
		return e.dsn + "-nameindex"
	}
	return e.setting
}

func onPG() bool { return os.Getenv("KASANE_TEST_DATABASE") != "" }

func snapSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("NAMEINDEX_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	t.Logf("seed %d (replay: NAMEINDEX_SEED=%d)", seed, seed)
	return seed
}

// TestNameIndexSnapshotCatchesUp: a server started after a snapshot reads
// it and the changes made since (registrations, a renamed person, a
// deleted one, an anonymized one): its index holds exactly what the
// persons table does, search finds the new and renamed names and not the
// old, deleted or anonymized ones, as a server that read every person.
func TestNameIndexSnapshotCatchesUp(t *testing.T) {
	seed := snapSeed(t)
	for _, setting := range snapSettings(t) {
		t.Run("setting="+setting, func(t *testing.T) {
			e := newSnapEnv(t, setting, seed)
			db1 := e.open(setting)
			var ps []casework.Person
			for range 40 {
				ps = append(ps, e.register(db1, false))
			}
			renamed, deleted, anon := e.register(db1, true), e.register(db1, true), e.register(db1, true)
			oldName := renamed.FamilyName + renamed.GivenName
			if err := db1.WarmNameIndex(e.ctx); err != nil {
				t.Fatal(err)
			}
			// what a write cut short by a crash leaves
			stale := ""
			if f := e.snapFile(); f != "" {
				stale = filepath.Join(filepath.Dir(f), "."+filepath.Base(f)+".tmp-123")
				if err := os.WriteFile(stale, []byte("names"), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			if err := db1.SaveNameIndexSnapshot(e.ctx); err != nil {
				t.Fatal(err)
			}
			if f := e.snapFile(); f != "" {
				st, err := os.Stat(f)
				if err != nil || st.Mode().Perm() != 0o600 {
					t.Fatalf("snapshot file: %v %v", st, err)
				}
				if _, err := os.Stat(stale); err == nil {
					t.Fatal("the temporary file of a write cut short is still there")
				}
			}
			// changes after the snapshot
			added := e.register(db1, true)
			e.rename(db1, &renamed, "改名後")
			e.rename(db1, &ps[3], "別姓")
			if err := sqldb.DeletePersonRow(e.ctx, db1, deleted.ID); err != nil {
				t.Fatal(err)
			}
			if err := sqldb.AnonymizePersonRow(e.ctx, db1, anon.ID); err != nil {
				t.Fatal(err)
			}
			db2 := e.open(setting)
			if err := db2.WarmNameIndex(e.ctx); err != nil {
				t.Fatal(err)
			}
			info := db2.NameIndexLoadInfo()
			if info.From != "snapshot" || info.Delta < 5 || info.Ignored != "" {
				t.Fatalf("start after the snapshot: %+v", info)
			}
			e.check(db2, "from the snapshot")
			for _, c := range []struct {
				q, id string
				want  bool
			}{
				{added.FamilyName + added.GivenName, added.ID, true},
				{"改名後" + renamed.GivenName, renamed.ID, true},
				{oldName, renamed.ID, false},
				{deleted.FamilyName + deleted.GivenName, deleted.ID, false},
				{anon.FamilyName + anon.GivenName, anon.ID, false},
				{"別姓", ps[3].ID, true},
			} {
				if got := e.found(db2, c.q, c.id); got != c.want {
					t.Errorf("search %q finds %s: %v, want %v", c.q, c.id, got, c.want)
				}
			}
			db3 := e.open("off")
			if err := db3.WarmNameIndex(e.ctx); err != nil {
				t.Fatal(err)
			}
			if info := db3.NameIndexLoadInfo(); info.From != "database" {
				t.Fatalf("snapshots off: %+v", info)
			}
			e.check(db3, "built from persons")
			e.noNamesLogged()
		})
	}
}

// TestNameIndexSnapshotIgnored: a damaged snapshot, a cut one, and one
// whose change log row is not in the database any more (another database,
// or a restore from an older backup) are not used: the index is built from
// persons, a log line says why without naming anyone, and search is right.
func TestNameIndexSnapshotIgnored(t *testing.T) {
	seed := snapSeed(t)
	for _, setting := range snapSettings(t) {
		t.Run("setting="+setting, func(t *testing.T) {
			e := newSnapEnv(t, setting, seed)
			db1 := e.open(setting)
			for range 30 {
				e.register(db1, false)
			}
			file := e.snapFile()
			cases := []struct {
				name, reason string
				spoil        func()
			}{
				{"damaged", "damaged", func() {
					if file == "" {
						if err := sqldb.DamageSnapshotTable(e.ctx, db1, 200+e.rng.IntN(500)); err != nil {
							t.Fatal(err)
						}
						return
					}
					b, err := os.ReadFile(file)
					if err != nil {
						t.Fatal(err)
					}
					b[e.rng.IntN(len(b))] ^= 0x20
					if err := os.WriteFile(file, b, 0o600); err != nil {
						t.Fatal(err)
					}
				}},
				{"cut", "damaged", func() {
					if file == "" {
						if err := sqldb.DamageSnapshotTable(e.ctx, db1, 0); err != nil {
							t.Fatal(err)
						}
						return
					}
					if err := os.Truncate(file, 100); err != nil {
						t.Fatal(err)
					}
				}},
				{"restored", "another database", func() {
					if err := sqldb.RewriteLogRow(e.ctx, db1); err != nil {
						t.Fatal(err)
					}
				}},
			}
			for _, c := range cases {
				e.register(db1, true)
				if err := sqldb.SyncNamesNow(e.ctx, db1); err != nil {
					t.Fatal(err)
				}
				if err := db1.SaveNameIndexSnapshot(e.ctx); err != nil {
					t.Fatal(err)
				}
				c.spoil()
				e.register(db1, true)
				db2 := e.open(setting)
				if err := db2.WarmNameIndex(e.ctx); err != nil {
					t.Fatal(err)
				}
				info := db2.NameIndexLoadInfo()
				if info.From != "database" || !strings.Contains(info.Ignored, c.reason) {
					t.Fatalf("%s snapshot: %+v", c.name, info)
				}
				if !e.logged("name index snapshot ignored") {
					t.Fatalf("%s snapshot: no log line", c.name)
				}
				e.check(db2, c.name)
			}
			e.noNamesLogged()
		})
	}
}

// TestNameIndexSnapshotRewrittenWhenStale: a start without a snapshot, or
// from one with many changes since, writes a new one in the background; a
// start after that applies no change.
func TestNameIndexSnapshotRewrittenWhenStale(t *testing.T) {
	old := sqldb.SetSnapshotAfter(4)
	defer sqldb.SetSnapshotAfter(old)
	seed := snapSeed(t)
	for _, setting := range snapSettings(t) {
		t.Run("setting="+setting, func(t *testing.T) {
			e := newSnapEnv(t, setting, seed)
			db1 := e.open(setting)
			for range 10 {
				e.register(db1, false)
			}
			if wrote, err := sqldb.SnapshotIfDue(e.ctx, db1); err != nil || !wrote {
				t.Fatalf("no snapshot yet: written %v, %v", wrote, err)
			}
			if wrote, err := sqldb.SnapshotIfDue(e.ctx, db1); err != nil || wrote {
				t.Fatalf("just written: written again %v, %v", wrote, err)
			}
			for range 5 {
				e.register(db1, false)
			}
			db2 := e.open(setting)
			if wrote, err := sqldb.SnapshotIfDue(e.ctx, db2); err != nil || !wrote {
				t.Fatalf("5 changes since: written %v, %v", wrote, err)
			}
			if info := db2.NameIndexLoadInfo(); info.From != "snapshot" || info.Delta != 5 && !onPG() || info.Delta < 5 {
				t.Fatalf("start: %+v", info)
			}
			// persons anonymized: a new snapshot at once, whatever the count
			db2.NameIndexSnapshotStale()
			if wrote, err := sqldb.SnapshotIfDue(e.ctx, db2); err != nil || !wrote {
				t.Fatalf("marked stale: written %v, %v", wrote, err)
			}
			db3 := e.open(setting)
			if err := db3.WarmNameIndex(e.ctx); err != nil {
				t.Fatal(err)
			}
			// (PostgreSQL reads again the rows of transactions that ran
			// when the snapshot was taken, any in the cluster)
			if info := db3.NameIndexLoadInfo(); info.From != "snapshot" || info.Delta != 0 && !onPG() {
				t.Fatalf("start after the new snapshot: %+v", info)
			}
			e.check(db3, "new snapshot")
		})
	}
}

// TestNameIndexSnapshotConcurrentWriters: snapshots written while several
// writers register, rename, delete and anonymize persons never miss a
// write: each server started from one of them, once caught up with the
// log, holds exactly what the persons table does.
func TestNameIndexSnapshotConcurrentWriters(t *testing.T) {
	seed := snapSeed(t)
	for _, setting := range snapSettings(t) {
		t.Run("setting="+setting, func(t *testing.T) {
			e := newSnapEnv(t, setting, seed)
			db1 := e.open(setting)
			writer := e.open(setting) // a second server writing
			for range 20 {
				e.register(db1, false)
			}
			if err := db1.WarmNameIndex(e.ctx); err != nil {
				t.Fatal(err)
			}
			// the servers that start during the writes, opened before them
			// (opening probes a write, which three busy writers could starve)
			var later []*sqldb.DB
			for range 8 {
				later = append(later, e.open(setting))
			}
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var stopOnce sync.Once
			var ops atomic.Int64 // writes done
			halt := func() { stopOnce.Do(func() { close(stop) }); wg.Wait() }
			defer halt() // the writers end before the test does, even when it fails
			for wi, db := range []*sqldb.DB{db1, writer, db1} {
				wg.Go(func() {
					var mine []casework.Person
					for i := 0; ; i++ {
						select {
						case <-stop:
							return
						default:
						}
						var err error
						switch {
						case len(mine) < 3 || i%4 == 0:
							var p casework.Person
							if p, err = e.tryRegister(db, i%3 == 0); err == nil {
								mine = append(mine, p)
							}
						case i%4 == 1:
							p := &mine[len(mine)-1]
							p.FamilyName = snapFamilies[(i+wi)%len(snapFamilies)]
							err = db.UpdatePerson(e.ctx, e.w, p)
						case i%4 == 2:
							p := mine[0]
							mine = mine[1:]
							err = sqldb.DeletePersonRow(e.ctx, db, p.ID)
						default:
							p := mine[0]
							mine = mine[1:]
							err = sqldb.AnonymizePersonRow(e.ctx, db, p.ID)
						}
						if err != nil {
							t.Errorf("writer %d: %v", wi, err)
							return
						}
						ops.Add(1)
						time.Sleep(time.Millisecond) // let the snapshot writes in
					}
				})
			}
			var started []*sqldb.DB
			for round, s := range later {
				// some writes between one snapshot and the next
				for ops.Load() < int64(6*(round+1)) && !t.Failed() {
					time.Sleep(time.Millisecond)
				}
				// searches keep db1's index moving meanwhile
				if _, err := db1.SearchPersons(e.ctx, e.w, "佐藤", 20); err != nil {
					t.Fatal(err)
				}
				if err := sqldb.SyncNamesNow(e.ctx, db1); err != nil {
					t.Fatal(err)
				}
				if err := db1.SaveNameIndexSnapshot(e.ctx); err != nil {
					t.Fatal(err)
				}
				if err := s.WarmNameIndex(e.ctx); err != nil {
					t.Fatal(err)
				}
				if info := s.NameIndexLoadInfo(); info.From != "snapshot" {
					t.Fatalf("start during writes: %+v", info)
				}
				started = append(started, s)
			}
			halt()
			for i, s := range started {
				if err := sqldb.SyncNamesNow(e.ctx, s); err != nil {
					t.Fatal(err)
				}
				e.check(s, fmt.Sprintf("server %d started from a snapshot written during writes", i))
			}
			if err := sqldb.SyncNamesNow(e.ctx, db1); err != nil {
				t.Fatal(err)
			}
			e.check(db1, "the server that wrote the snapshots")
			e.mu.Lock()
			t.Logf("%d persons registered", e.n)
			e.mu.Unlock()
		})
	}
}

// TestNameIndexSnapshotKeepsFormerNames: a person's 旧姓 is an extra name
// document (juki_names.go); a server started from a snapshot finds the
// person under it, and drops it when the 旧姓 is removed afterwards.
func TestNameIndexSnapshotKeepsFormerNames(t *testing.T) {
	seed := snapSeed(t)
	for _, setting := range snapSettings(t) {
		t.Run("setting="+setting, func(t *testing.T) {
			e := newSnapEnv(t, setting, seed)
			db1 := e.open(setting)
			p := casework.Person{FamilyName: "小林", GivenName: "花子", FamilyKana: "コバヤシ", GivenKana: "ハナコ", MaidenName: "山本", Identified: true}
			if err := db1.CreatePerson(e.ctx, e.w, &p); err != nil {
				t.Fatal(err)
			}
			for range 10 {
				e.register(db1, false)
			}
			if err := db1.SaveNameIndexSnapshot(e.ctx); err != nil {
				t.Fatal(err)
			}
			db2 := e.open(setting)
			if err := db2.WarmNameIndex(e.ctx); err != nil {
				t.Fatal(err)
			}
			if info := db2.NameIndexLoadInfo(); info.From != "snapshot" {
				t.Fatalf("start: %+v", info)
			}
			if !e.found(db2, "山本花子", p.ID) {
				t.Fatal("not found under the 旧姓 after a start from the snapshot")
			}
			p.MaidenName = ""
			if err := db1.UpdatePerson(e.ctx, e.w, &p); err != nil {
				t.Fatal(err)
			}
			if err := sqldb.SyncNamesNow(e.ctx, db2); err != nil {
				t.Fatal(err)
			}
			if e.found(db2, "山本花子", p.ID) {
				t.Fatal("still found under the 旧姓 removed after the start")
			}
			if !e.found(db2, "小林花子", p.ID) {
				t.Fatal("not found under the name")
			}
		})
	}
}

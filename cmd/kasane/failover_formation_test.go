//go:build !windows

package main

import (
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// formation is a pg_auto_failover formation on loopback ports in a
// temporary folder: a monitor and two PostgreSQL nodes with synchronous
// (quorum) replication. pg_autoctl refuses to run as root: as root, every
// pg_autoctl runs as the postgres user (runuser) in a folder it owns.
type formation struct {
	t       *testing.T
	dir     string
	bin     string // PostgreSQL's bin folder (pg_ctl)
	monitor string // the monitor's URI
	mon     *exec.Cmd
	nodes   [2]*pgNode
}

type pgNode struct {
	name string
	port int
	cmd  *exec.Cmd
	done chan struct{}
	log  *os.File
}

// needFailoverPackages installs pg_auto_failover with apt-get when missing.
func needFailoverPackages(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("pg_autoctl"); err == nil {
		return
	}
	if os.Geteuid() != 0 {
		t.Fatal("pg_autoctl がありません: apt-get install postgresql-15-auto-failover pg-auto-failover-cli")
	}
	for _, args := range [][]string{{"update", "-qq"}, {"install", "-y", "-qq", "postgresql-15-auto-failover", "pg-auto-failover-cli"}} {
		cmd := exec.Command("apt-get", args...)
		cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("apt-get %v: %v\n%s", args, err, out)
		}
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// autoctl builds a pg_autoctl command, as postgres when we are root.
func (f *formation) autoctl(args ...string) *exec.Cmd {
	path := f.bin + string(os.PathListSeparator) + os.Getenv("PATH")
	var cmd *exec.Cmd
	if os.Geteuid() == 0 {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", "env", "PATH=" + path, "HOME=" + f.dir, "pg_autoctl"}, args...)...)
	} else {
		cmd = exec.Command("pg_autoctl", args...)
		cmd.Env = append(os.Environ(), "PATH="+path)
	}
	cmd.Dir = f.dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true} // killed as a group
	return cmd
}

func (f *formation) output(args ...string) string {
	f.t.Helper()
	out, err := f.autoctl(args...).CombinedOutput()
	if err != nil {
		f.t.Fatalf("pg_autoctl %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// startFormation creates and runs the monitor and both nodes and waits for
// primary + secondary.
func startFormation(t *testing.T) *formation {
	t.Helper()
	needFailoverPackages(t)
	bin := "/usr/lib/postgresql/15/bin"
	if out, err := exec.Command("pg_config", "--bindir").Output(); err == nil {
		bin = strings.TrimSpace(string(out))
	}
	dir, err := os.MkdirTemp("", "kasane-failover-")
	if err != nil {
		t.Fatal(err)
	}
	f := &formation{t: t, dir: dir, bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatal(err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(f.stop)
	mport := freePort(t)
	f.mon = f.autoctl("create", "monitor", "--pgdata", filepath.Join(dir, "monitor"), "--pgport", strconv.Itoa(mport),
		"--hostname", "127.0.0.1", "--auth", "trust", "--no-ssl", "--run")
	mlog, _ := os.Create(filepath.Join(dir, "monitor.log"))
	f.mon.Stdout, f.mon.Stderr = mlog, mlog
	if err := f.mon.Start(); err != nil {
		t.Fatal(err)
	}
	f.monitor = fmt.Sprintf("postgres://autoctl_node@127.0.0.1:%d/pg_auto_failover?sslmode=disable", mport)
	f.waitFor("the monitor", 60*time.Second, func() bool {
		return exec.Command(filepath.Join(bin, "pg_isready"), "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(mport)).Run() == nil
	})
	time.Sleep(2 * time.Second)
	// find a dead node sooner than the defaults (20 s unhealthy timeout)
	for _, s := range []string{
		"ALTER SYSTEM SET pgautofailover.health_check_period = 1000",
		"ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500",
		"ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000",
		"ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1",
		"ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 4000",
		// the dead primary never demotes itself: the default 30 s wait for
		// it is most of the unavailability (README keeps the defaults for
		// production, where a primary cut off from the monitor does)
		"ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 5000",
		"SELECT pg_reload_conf()",
	} {
		f.psql(mport, "pg_auto_failover", s)
	}
	for i := range f.nodes {
		f.nodes[i] = &pgNode{name: fmt.Sprintf("node%d", i+1), port: freePort(t)}
		f.run(i, true)
		if i == 0 {
			f.waitState(map[string][]string{"node1": {"single", "wait_primary", "primary"}}, 120*time.Second)
		}
	}
	f.waitHealthy(180 * time.Second)
	return f
}

func (f *formation) psql(port int, db, sql string) string {
	f.t.Helper()
	out, err := exec.Command(filepath.Join(f.bin, "psql"), "-X", "-q", "-A", "-t", "-h", "127.0.0.1", "-p", strconv.Itoa(port),
		"-U", "postgres", "-d", db, "-c", sql).CombinedOutput()
	if err != nil {
		f.t.Fatalf("psql %s: %v\n%s", sql, err, out)
	}
	return strings.TrimSpace(string(out))
}

// run starts node i's pg_autoctl (creating the node the first time).
func (f *formation) run(i int, create bool) {
	n := f.nodes[i]
	pgdata := filepath.Join(f.dir, n.name)
	if create {
		n.cmd = f.autoctl("create", "postgres", "--pgdata", pgdata, "--pgport", strconv.Itoa(n.port), "--hostname", "127.0.0.1",
			"--auth", "trust", "--no-ssl", "--monitor", f.monitor, "--dbname", "kasane", "--name", n.name, "--run")
	} else {
		n.cmd = f.autoctl("run", "--pgdata", pgdata)
	}
	if n.log == nil {
		n.log, _ = os.Create(filepath.Join(f.dir, n.name+".log"))
	}
	n.cmd.Stdout, n.cmd.Stderr = n.log, n.log
	if err := n.cmd.Start(); err != nil {
		f.t.Fatal(err)
	}
	n.done = make(chan struct{})
	go func(c *exec.Cmd, done chan struct{}) { _ = c.Wait(); close(done) }(n.cmd, n.done)
}

// kill SIGKILLs node i's pg_autoctl and its PostgreSQL (the process group)
// and waits until its port is closed.
func (f *formation) kill(i int) {
	n := f.nodes[i]
	_ = syscall.Kill(-n.cmd.Process.Pid, syscall.SIGKILL)
	<-n.done
	// a postmaster started through pg_ctl may be in a group of its own
	if b, err := os.ReadFile(filepath.Join(f.dir, n.name, "postmaster.pid")); err == nil {
		if pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); err == nil && pid > 0 {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	f.waitFor(n.name+" down", 30*time.Second, func() bool {
		c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", n.port), 200*time.Millisecond)
		if err == nil {
			c.Close()
			return false
		}
		return true
	})
}

type nodeState struct {
	Name     string `json:"nodename"`
	Port     int    `json:"nodeport"`
	Current  string `json:"current_group_state"`
	Assigned string `json:"assigned_group_state"`
}

func (f *formation) states() []nodeState {
	out, err := f.autoctl("show", "state", "--monitor", f.monitor, "--json").Output()
	if err != nil {
		return nil
	}
	var s []nodeState
	_ = json.Unmarshal(out, &s)
	return s
}

// waitState waits until every named node reports one of its states.
func (f *formation) waitState(want map[string][]string, d time.Duration) {
	f.t.Helper()
	f.waitFor(fmt.Sprint(want), d, func() bool {
		ok := 0
		for _, s := range f.states() {
			for _, w := range want[s.Name] {
				if s.Current == w && s.Assigned == w {
					ok++
					break
				}
			}
		}
		return ok == len(want)
	})
}

// waitHealthy waits for one primary and one secondary, forcing the
// checkpoint a new standby's base backup waits for.
func (f *formation) waitHealthy(d time.Duration) {
	f.t.Helper()
	f.waitFor("primary + secondary", d, func() bool {
		var p, s int
		for _, n := range f.states() {
			if n.Current == n.Assigned && n.Current == "primary" {
				p++
			}
			if n.Current == n.Assigned && n.Current == "secondary" {
				s++
			}
		}
		if p == 1 && s == 1 {
			return true
		}
		if pr := f.primary(); pr >= 0 {
			_ = exec.Command(filepath.Join(f.bin, "psql"), "-X", "-q", "-h", "127.0.0.1", "-p", strconv.Itoa(f.nodes[pr].port),
				"-U", "postgres", "-d", "kasane", "-c", "CHECKPOINT").Run()
		}
		return false
	})
}

// primary returns the index of the node the monitor has as primary (or
// wait_primary), -1 if none.
func (f *formation) primary() int {
	for _, s := range f.states() {
		if s.Current == "primary" || s.Current == "wait_primary" || s.Current == "single" {
			for i, n := range f.nodes {
				if n != nil && n.name == s.Name {
					return i
				}
			}
		}
	}
	return -1
}

// uri is the formation's URI as pg_autoctl show uri prints it, with the
// user kasane connects as.
func (f *formation) uri() string {
	u := f.output("show", "uri", "--monitor", f.monitor, "--formation", "default")
	return strings.Replace(u, "postgres://", "postgres://postgres@", 1)
}

func (f *formation) waitFor(what string, d time.Duration, ok func() bool) {
	f.t.Helper()
	end := time.Now().Add(d)
	for !ok() {
		if time.Now().After(end) {
			f.t.Fatalf("timed out waiting for %s; states %+v (logs in %s)", what, f.states(), f.dir)
		}
		time.Sleep(300 * time.Millisecond)
	}
}

// stop ends every pg_autoctl and PostgreSQL of the formation and removes
// the folder (kept when the test failed).
func (f *formation) stop() {
	for i, n := range f.nodes {
		if n != nil && n.cmd != nil {
			select {
			case <-n.done:
			default:
				f.kill(i)
			}
		}
	}
	if f.mon != nil && f.mon.Process != nil {
		_ = syscall.Kill(-f.mon.Process.Pid, syscall.SIGKILL)
		_ = f.mon.Wait()
		if b, err := os.ReadFile(filepath.Join(f.dir, "monitor", "postmaster.pid")); err == nil {
			if pid, err := strconv.Atoi(strings.SplitN(string(b), "\n", 2)[0]); err == nil && pid > 0 {
				_ = syscall.Kill(pid, syscall.SIGKILL)
			}
		}
		f.mon = nil
	}
	if !f.t.Failed() {
		os.RemoveAll(f.dir)
	}
}

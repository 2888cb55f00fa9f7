package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"
)

// High availability on PostgreSQL (README「PostgreSQL の冗長構成」).
//
// kasane is given the formation's multi-host URL, e.g.
// postgres://h1:5432,h2:5433/kasane?target_session_attrs=read-write (the
// output of pg_autoctl show uri): pgx tries the hosts in turn and keeps the
// one that accepts writes. When the primary dies, the pool's connections to
// it fail; database/sql drops them and the next connection finds the new
// primary. The requests caught in the switch get EUNAVAILABLE (503 with
// Retry-After, errors.go), never half an action: each one is a single
// transaction that either committed or did not.

// CheckReplication refuses a PostgreSQL primary whose standbys replicate
// asynchronously (a commit acknowledged by the primary alone is lost when
// the primary dies and the standby is promoted). A primary with no standby
// connected at the moment (a formation in wait_primary, after a failover,
// until the old primary is back) is accepted: kasane must be able to restart
// while the formation heals. allowAsync lets an operator run on purpose
// against an asynchronous standby (--allow-async-replica). SQLite: nil.
func (db *DB) CheckReplication(ctx context.Context, allowAsync bool) error {
	if db.dialect != Postgres {
		return nil
	}
	var commit, names string
	if err := db.write.QueryRowContext(ctx, "SHOW synchronous_commit").Scan(&commit); err != nil {
		return fmt.Errorf("PostgreSQL の設定 synchronous_commit を確認できません: %v", err)
	}
	// A standby that has just joined (or an old primary coming back after
	// a failover) streams asynchronously until pg_auto_failover makes it
	// synchronous, a few seconds later: look again for up to
	// asyncReplicaGrace before refusing.
	var standbys int
	deadline := time.Now().Add(asyncReplicaGrace)
	for {
		var syncs, hidden int
		// pg_stat_replication lists every standby; its sync_state is NULL
		// (hidden) unless kasane's role is a superuser or in pg_monitor:
		// then synchronous_standby_names alone tells.
		if err := db.write.QueryRowContext(ctx,
			"SELECT COUNT(*), COUNT(*) FILTER (WHERE sync_state IN ('sync','quorum')), COUNT(*) FILTER (WHERE sync_state IS NULL) FROM pg_stat_replication").
			Scan(&standbys, &syncs, &hidden); err != nil {
			return fmt.Errorf("PostgreSQL のレプリケーションの状態を確認できません: %v", err)
		}
		if err := db.write.QueryRowContext(ctx, "SHOW synchronous_standby_names").Scan(&names); err != nil {
			return fmt.Errorf("PostgreSQL の設定 synchronous_standby_names を確認できません: %v", err)
		}
		async := standbys > 0 && ((syncs == 0 && hidden == 0) || strings.TrimSpace(names) == "" || strings.EqualFold(commit, "local"))
		if !async || allowAsync {
			return nil
		}
		if time.Now().After(deadline) || strings.EqualFold(commit, "local") {
			break
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Second):
		}
	}
	return fmt.Errorf("PostgreSQL のスタンバイ %d 台が非同期でレプリケーションしています（synchronous_standby_names=%q, synchronous_commit=%s）。"+
		"プライマリが故障すると、確定を返した記録がスタンバイに届いておらず失われるおそれがあります。"+
		"pg_autoctl set formation number-sync-standbys 0 と replication-quorum true（または synchronous_standby_names）で同期レプリケーションにしてください。"+
		"承知のうえで非同期のまま使うときは --allow-async-replica を付けて起動してください",
		standbys, names, commit)
}

// Primary names the PostgreSQL server that kasane writes to, as host:port
// (as that server sees its own address); "" on SQLite. It tells which node
// of a formation is the primary (/healthz).
func (db *DB) Primary(ctx context.Context) (string, error) {
	if db.dialect != Postgres {
		return "", nil
	}
	var host sql.NullString
	var port sql.NullInt64
	var recovery bool
	err := db.write.QueryRowContext(ctx, "SELECT host(inet_server_addr()), inet_server_port(), pg_is_in_recovery()").Scan(&host, &port, &recovery)
	if err != nil {
		return "", mapError(err, "データベース")
	}
	if recovery {
		return "", unavailable(errors.New("connected server is a standby"))
	}
	if !host.Valid { // a Unix socket
		return "local:" + strconv.FormatInt(port.Int64, 10), nil
	}
	return net.JoinHostPort(host.String, strconv.FormatInt(port.Int64, 10)), nil
}

// asyncReplicaGrace is how long CheckReplication waits for an asynchronous
// standby to become synchronous.
var asyncReplicaGrace = 30 * time.Second

// readReplicaTimeout bounds the connection check of the read replica.
const readReplicaTimeout = 10 * time.Second

// OpenReadReplica makes reports and exports read their data from another
// PostgreSQL server (a standby of the formation, --db-read). Their audit
// events still go to the primary, and are committed there before the data
// is read. The standby may be a moment behind the primary: a report may
// miss what was saved in the last second.
func (db *DB) OpenReadReplica(ctx context.Context, dsn string) error {
	if db.dialect != Postgres || !IsPostgres(dsn) {
		return errors.New("--db-read は PostgreSQL（postgres:// URL）のときだけ使えます")
	}
	p, err := sql.Open("pgx", dsn)
	if err != nil {
		return fmt.Errorf("--db-read の接続先が正しくありません: %w", err)
	}
	p.SetMaxOpenConns(8)
	p.SetMaxIdleConns(8)
	p.SetConnMaxIdleTime(5 * time.Minute)
	pctx, cancel := context.WithTimeout(ctx, readReplicaTimeout)
	defer cancel()
	if err := p.PingContext(pctx); err != nil {
		p.Close()
		return fmt.Errorf("--db-read の PostgreSQL に接続できません (%s): %v", redactDSN(dsn), err)
	}
	db.replica = p
	return nil
}

type replicaKey struct{}

// replicaOK marks ctx: the read transactions under it may read from the
// read replica (--db-read) when there is one. Only reports and exports use
// it; everything else reads from the primary, so that a page shown after a
// save shows what was saved. Audit events are written to the primary by the
// audit writer (inRead) and are durable before the data is returned.
func replicaOK(ctx context.Context) context.Context {
	return context.WithValue(ctx, replicaKey{}, true)
}

func onReplica(ctx context.Context) bool {
	v, _ := ctx.Value(replicaKey{}).(bool)
	return v
}

// HasReadReplica reports whether reports and exports read from a replica.
func (db *DB) HasReadReplica() bool { return db.replica != nil }

// unavailableSQLState reports PostgreSQL errors that mean "the server went
// away or cannot take writes now": connection exceptions (08xxx), operator
// intervention (57xxx: admin_shutdown 57P01, crash_shutdown 57P02,
// cannot_connect_now 57P03, …), read_only_sql_transaction (25006, a
// primary that was demoted while the connection stayed open) and
// too_many_connections (53300, a new primary flooded by every client at once).
func unavailableSQLState(code string) bool {
	return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57") || code == "25006" || code == "53300"
}

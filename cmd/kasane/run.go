package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

const usage = `kasane — 重層的支援体制整備事業のケース管理

使い方:
  kasane serve   [--db PATH_OR_DSN] [--addr 127.0.0.1:8080] [--db-read STANDBY_DSN] [--allow-async-replica]
  kasane demo    [--addr 127.0.0.1:8080] [--db PATH]
  kasane migrate [--db …]
  kasane municipality add --db … --code 6桁コード --name 名称
  kasane municipality set --db … [--inquiry-org ORG_ID] [--inquiry-text TEXT]   # 検索でチーム外のヒットに示す問い合わせ先
  kasane municipality set --db … --population N [--population-year 2026] [--population-as-of 2026-04-01]   # 年次集計の人口10万人あたりの基礎
  kasane org add   --db … --name NAME --kind KIND [--code CODE]
  kasane org list  --db … [--municipality CODE]   # 機関の一覧（ID・種別・名称・コード）。取り込みファイルの機関IDを調べるときに
  kasane user add  --db … --org ORG_ID --email E --name N --role ROLE[,ROLE] [--password-stdin]
  kasane user reset-password --db … --email E   # prints a one-time temporary password; changed at the next login
  kasane user reset-mfa      --db … --email E   # turns the second factor off; the user enrols again at the next login
  kasane user disable --db … --email E [--successor EMAIL]  # 退職・異動: logins and tokens end; open cases go to the successor
  kasane user enable  --db … --email E
  kasane token create --db … --user EMAIL
  kasane token list   --db … --user EMAIL           # id, created, revoked (never the token)
  kasane token revoke --db … --user EMAIL --id ID
  kasane secret-key create FILE   # 新しい暗号鍵ファイル（二要素認証の秘密情報を暗号化する。--secret-key-file で指定）
  kasane secret-key rotate --db … --secret-key-file OLD --new-key-file NEW   # re-encrypts TOTP secrets; creates NEW if missing
  kasane audit verify --db …
  kasane import persons --db … --org ORG_ID FILE.csv   # UTF-8/BOM/CP932 detected; all-or-nothing; every bad row reported
  kasane duplicates --db … [--format text|csv]          # candidate duplicate persons with scores and reasons
  kasane bench [--persons 100000] [--db postgres://…]   # seeded synthetic data: search, duplicates, import, with baselines
  kasane bench pages [--rounds 5] [--per-route 4] [--goal 100ms] [--fail-slow] [--dir DIR]  # every page of the demo crawled; server time per route
  kasane bench report --db PRIMARY --db-read STANDBY --user EMAIL [--rounds 20]  # annual report and case export: primary alone vs standby
  kasane bench report [--cases 100000] [--contacts 1000000] [--db NEW_DB] [--rounds 20]  # annual report (whole FY, viewer) and a month's drill-down vs plain GROUP BY
  kasane backup  --db … FILE       # consistent copy while the server runs (SQLite VACUUM INTO / pg_dump -Fc)
  kasane restore --db NEW_DB FILE  # into an empty database; verifies the audit chain, prints row counts
  kasane load    --db NEW_DB [--cases 100000] [--users 200] [--duration 60s]  # loopback load test (fictitious data)
  kasane report annual --db … --fiscal-year 2026 [--format json|csv|xlsx] [--encoding utf8|cp932] [--out FILE]
  kasane report verify  --db …   # the annual report's counters compared with a plain GROUP BY over the records; exit 1 on a difference
  kasane report rebuild --db …   # the counters recomputed from the records (after a restore of an old copy, or when verify differs)
  kasane report file-register --db … [--out FILE.xlsx]   # 個人情報ファイル簿（第75条）を設定と記録から作成
  kasane export cases|persons|contacts --db … --user EMAIL [--format csv|xlsx] [--encoding utf8|cp932] [--out FILE]
  kasane openapi [--out FILE]   # the OpenAPI 3.1 document of the JSON API (as served at /api/v1/openapi.json)
  kasane import persons --db … --org ORG_ID --key atena_no FILE.csv   # 宛名番号 known: update; else register (all-or-nothing)
  kasane juki apply --db … [--org ORG_ID] FILE.csv   # the daily 異動 file (転居・転出・転入・死亡・氏名変更); all-or-nothing; twice = once
  kasane bench juki [--persons 1000000] [--rows 10000] [--db DSN]   # a 異動 file against N persons beside the raw UPDATE
  kasane audit purge --db … --user EMAIL   # carries out the approved disposal of the audit log past its period (kasane retention)
  kasane retention list|propose|approve|reject|dispose|decisions|records|reapply|policy|holds|hold|lift --db …   # 保存年限・廃棄（kasane retention --help）
  kasane bench retention [--contacts 1000000] [--db postgres://…]   # retention scan over the contacts beside a plain date query
`

// env bundles what a subcommand may touch.
type env struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}

// run is the whole program: it parses args, runs one subcommand and returns
// the exit code. Errors go to stderr as one line.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	if grouped[args[0]] && (len(args) == 1 || isHelp(args[1])) {
		// `kasane report --help`: the usage of the command's subcommands
		if len(args) == 1 {
			fmt.Fprintf(stderr, "kasane %s: サブコマンドを指定してください\n%s", args[0], commandUsage(args[0]))
			return 2
		}
		fmt.Fprint(stdout, commandUsage(args[0]))
		return 0
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		err = cmdServe(ctx, e, rest, false)
	case "demo":
		err = cmdServe(ctx, e, rest, true)
	case "migrate":
		err = cmdMigrate(ctx, e, rest)
	case "bench":
		err = cmdBench(ctx, e, rest)
	case "import":
		err = cmdImport(ctx, e, rest)
	case "duplicates":
		err = cmdDuplicates(ctx, e, rest)
	case "backup":
		err = cmdBackup(ctx, e, rest)
	case "restore":
		err = cmdRestore(ctx, e, rest)
	case "load":
		err = cmdLoad(ctx, e, rest)
	case "report":
		err = cmdReport(ctx, e, rest)
	case "export":
		err = cmdExport(ctx, e, rest)
	case "municipality", "org", "user", "token", "audit", "secret-key":
		if len(rest) == 0 {
			err = fmt.Errorf("kasane %s: サブコマンドを指定してください", cmd)
			break
		}
		err = runPair(ctx, e, cmd+" "+rest[0], rest[1:])
	case "openapi":
		err = cmdOpenAPI(e, rest)
	case "juki":
		err = cmdJuki(ctx, e, rest) // juki.go
	case "retention":
		err = cmdRetention(ctx, e, rest) // retention.go
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		err = fmt.Errorf("不明なコマンドです: %s", cmd)
		fmt.Fprint(stderr, usage)
	}
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		msg := oneLine(err)
		if !strings.HasPrefix(msg, "kasane") {
			msg = "kasane: " + msg
		}
		fmt.Fprintln(stderr, msg)
		return 1
	}
	return 0
}

// grouped are the commands that take a subcommand (or a kind) first.
var grouped = map[string]bool{"municipality": true, "org": true, "user": true, "token": true, "audit": true,
	"secret-key": true, "report": true, "export": true, "import": true, "juki": true}

func isHelp(a string) bool { return a == "-h" || a == "--help" || a == "-help" || a == "help" }

// commandUsage is the part of the usage about one command.
func commandUsage(cmd string) string {
	var b strings.Builder
	b.WriteString("使い方:\n")
	for _, l := range strings.Split(usage, "\n") {
		if f := strings.Fields(l); len(f) > 1 && f[0] == "kasane" && f[1] == cmd {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString("各サブコマンドの引数: kasane " + cmd + " サブコマンド --help\n")
	return b.String()
}

func runPair(ctx context.Context, e env, name string, args []string) error {
	switch name {
	case "municipality add":
		return cmdMunicipalityAdd(ctx, e, args)
	case "municipality set":
		return cmdMunicipalitySet(ctx, e, args)
	case "org add":
		return cmdOrgAdd(ctx, e, args)
	case "org list":
		return cmdOrgList(ctx, e, args)
	case "user add":
		return cmdUserAdd(ctx, e, args)
	case "user reset-password":
		return cmdUserResetPassword(ctx, e, args)
	case "user reset-mfa":
		return cmdUserResetMFA(ctx, e, args)
	case "user disable":
		return cmdUserDisable(ctx, e, args)
	case "user enable":
		return cmdUserEnable(ctx, e, args)
	case "token create":
		return cmdTokenCreate(ctx, e, args)
	case "token list":
		return cmdTokenList(ctx, e, args)
	case "token revoke":
		return cmdTokenRevoke(ctx, e, args)
	case "secret-key create":
		return cmdSecretKeyCreate(ctx, e, args)
	case "secret-key rotate":
		return cmdSecretKeyRotate(ctx, e, args)
	case "audit verify":
		return cmdAuditVerify(ctx, e, args)
	case "audit purge":
		return cmdAuditPurge(ctx, e, args)
	}
	return fmt.Errorf("不明なコマンドです: kasane %s", name)
}

// oneLine gives a safe one-line message for the terminal.
func oneLine(err error) string {
	msg := err.Error()
	var ce *casework.Error
	if errors.As(err, &ce) {
		msg = ce.Message
		for k, v := range ce.Fields {
			msg += " [" + k + ": " + v + "]"
		}
	}
	return strings.ReplaceAll(msg, "\n", " ")
}

// openDB opens an existing database of cfg and migrates it. A missing
// SQLite file, or a PostgreSQL database without kasane's schema, is an
// error naming what was not found: only migrate, demo and municipality add
// (and restore and load, which want a new database) create one.
func openDB(ctx context.Context, cfg config.Config) (*sqldb.DB, error) {
	db, err := openExisting(ctx, cfg)
	if err != nil {
		return nil, err
	}
	return migrated(ctx, db)
}

// openExisting opens the existing database of cfg without migrating it.
func openExisting(ctx context.Context, cfg config.Config) (*sqldb.DB, error) {
	db, err := sqldb.OpenExisting(ctx, cfg.DB)
	if errors.Is(err, sqldb.ErrNotFound) {
		target := shellQuote(cfg.DB)
		if sqldb.IsPostgres(cfg.DB) {
			target = "（同じ接続先）" // never echo a password
		}
		return nil, fmt.Errorf("%w。--db（または KASANE_DB）を確かめてください。新しく作るときは kasane migrate --db %s を実行してください", err, target)
	}
	return db, err
}

// createDB opens the database of cfg, creating it when missing, and
// migrates it.
func createDB(ctx context.Context, cfg config.Config) (*sqldb.DB, error) {
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return nil, err
	}
	return migrated(ctx, db)
}

func migrated(ctx context.Context, db *sqldb.DB) (*sqldb.DB, error) {
	if _, err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("スキーマを更新できません: %w", err)
	}
	return db, nil
}

// shellQuote quotes s for a command line shown to the operator when it
// holds anything but plain path characters.
func shellQuote(s string) string {
	if strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:\\") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

func newLogger(w io.Writer, level string) *slog.Logger {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		l = slog.LevelInfo
	}
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: l}))
}

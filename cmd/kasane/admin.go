package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

func cmdMigrate(ctx context.Context, e env, args []string) error {
	cfg, _, err := config.Load("migrate", args, e.getenv, e.stderr, nil)
	if err != nil {
		return err
	}
	db, err := sqldb.Open(ctx, cfg.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.Migrate(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "applied %d migrations\n", n)
	return nil
}

func cmdMunicipalityAdd(ctx context.Context, e env, args []string) error {
	var code, name string
	cfg, _, err := config.Load("municipality add", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&code, "code", "", "全国地方公共団体コード (6 digits)")
		fs.StringVar(&name, "name", "", "name of the municipality")
	})
	if err != nil {
		return err
	}
	db, err := createDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	m, err := db.CreateMunicipality(ctx, code, name)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, m.ID)
	return nil
}

// municipalityActor picks the municipality the command works in: the only
// one in the database, or the one named by --municipality. An empty database
// gets a placeholder municipality so the first organization can be added.
func municipalityActor(ctx context.Context, e env, db *sqldb.DB, code string) (casework.Actor, error) {
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return casework.Actor{}, err
	}
	if code != "" {
		for _, m := range ms {
			if m.Code == code {
				return casework.System(m.ID), nil
			}
		}
		return casework.Actor{}, fmt.Errorf("市区町村コード %s は登録されていません", code)
	}
	switch len(ms) {
	case 0:
		m, err := db.CreateMunicipality(ctx, "000000", "（市区町村名未設定）")
		if err != nil {
			return casework.Actor{}, err
		}
		fmt.Fprintln(e.stderr, "kasane: 市区町村が未登録のため仮の市区町村（コード 000000）を作成しました")
		return casework.System(m.ID), nil
	case 1:
		return casework.System(ms[0].ID), nil
	}
	return casework.Actor{}, errors.New("複数の市区町村があります。--municipality でコードを指定してください")
}

func cmdOrgAdd(ctx context.Context, e env, args []string) error {
	var name, kind, code, muni string
	cfg, _, err := config.Load("org add", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&name, "name", "", "organization name")
		fs.StringVar(&kind, "kind", "", codeUsage("organization kind (組織の種別), one of:", casework.OrgKinds))
		fs.StringVar(&code, "code", "", "organization code")
		fs.StringVar(&muni, "municipality", "", "municipality code (when the database has several)")
	})
	if err != nil {
		return err
	}
	if err := checkCodes("kind", "組織の種別", kind, casework.OrgKinds, false); err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	sys, err := municipalityActor(ctx, e, db, muni)
	if err != nil {
		return err
	}
	o := casework.Organization{Name: name, Kind: kind, Code: code}
	if err := db.CreateOrganization(ctx, sys, &o); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, o.ID)
	return nil
}

func cmdUserAdd(ctx context.Context, e env, args []string) error {
	var org, email, name, roles string
	var pwStdin bool
	cfg, _, err := config.Load("user add", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&org, "org", "", "organization id")
		fs.StringVar(&email, "email", "", "e-mail (login name)")
		fs.StringVar(&name, "name", "", "full name")
		fs.StringVar(&roles, "role", "", codeUsage("roles (役割), comma-separated, of:", casework.Roles))
		fs.BoolVar(&pwStdin, "password-stdin", false, "read the password from the first line of stdin")
	})
	if err != nil {
		return err
	}
	if err := checkCodes("role", "役割", roles, casework.Roles, true); err != nil {
		return err
	}
	hash := ""
	if pwStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return errors.New("標準入力からパスワードを読めません")
		}
		pw := strings.TrimRight(line, "\r\n")
		if err := auth.CheckPasswordPolicy(pw, email, name); err != nil {
			return err
		}
		if hash, err = auth.HashPassword(pw); err != nil {
			return err
		}
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	o, err := findOrg(ctx, db, org)
	if err != nil {
		return err
	}
	u := casework.User{OrganizationID: o.ID, Email: email, Name: name, Roles: splitRoles(roles)}
	if err := db.CreateUser(ctx, casework.System(o.MunicipalityID), &u, hash); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, u.ID)
	return nil
}

func splitRoles(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// findOrg finds an organization by id in any municipality of the database.
func findOrg(ctx context.Context, db *sqldb.DB, id string) (casework.Organization, error) {
	if id == "" {
		return casework.Organization{}, errors.New("--org を指定してください")
	}
	ms, err := db.Municipalities(ctx)
	if err != nil {
		return casework.Organization{}, err
	}
	for _, m := range ms {
		if o, err := db.Organization(ctx, casework.System(m.ID), id); err == nil {
			return o, nil
		}
	}
	return casework.Organization{}, fmt.Errorf("機関 %s が見つかりません", id)
}

func cmdTokenCreate(ctx context.Context, e env, args []string) error {
	return withUser(ctx, e, "token create", "user", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		tok, err := auth.NewToken("ksn_")
		if err != nil {
			return err
		}
		if err := db.CreateToken(ctx, sys, u.ID, auth.HashToken(tok)); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, tok)
		return nil
	})
}

// cmdTokenList prints the API tokens of a user: id, created, revoked.
func cmdTokenList(ctx context.Context, e env, args []string) error {
	return withUser(ctx, e, "token list", "user", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		ts, err := db.UserTokens(ctx, sys, u.ID)
		if err != nil {
			return err
		}
		for _, t := range ts {
			state := "有効"
			if t.Revoked != nil {
				state = "失効 " + t.Revoked.Format(time.RFC3339)
			}
			fmt.Fprintf(e.stdout, "%s\t%s\t%s\n", t.ID, t.Created.Format(time.RFC3339), state)
		}
		return nil
	})
}

// cmdTokenRevoke revokes one API token of a user.
func cmdTokenRevoke(ctx context.Context, e env, args []string) error {
	var id string
	return withUser(ctx, e, "token revoke", "user", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		if id == "" {
			return fmt.Errorf("--id を指定してください（kasane token list で確認できます）")
		}
		if err := db.RevokeToken(ctx, sys, u.ID, id); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "APIトークン %s を失効させました。\n", id)
		return nil
	}, func(fs *flag.FlagSet) { fs.StringVar(&id, "id", "", "id of the token (from kasane token list)") })
}

// withDB loads the flags of a command without extra flags, opens and
// migrates its database and runs fn.
func withDB(ctx context.Context, e env, name string, args []string, fn func(*sqldb.DB) error) error {
	cfg, _, err := config.Load(name, args, e.getenv, e.stderr, nil)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(db)
}

func cmdAuditVerify(ctx context.Context, e env, args []string) error {
	return withDB(ctx, e, "audit verify", args, func(db *sqldb.DB) error {
		res, err := db.VerifyAudit(ctx)
		if err != nil {
			return err
		}
		if res.BrokenSeq != 0 {
			return fmt.Errorf("audit chain broken at event %d (municipality %s): %s", res.BrokenSeq, res.BrokenMunicipality, res.Problem)
		}
		fmt.Fprintf(e.stdout, "ok %d events\n", res.Events)
		return nil
	})
}

// cmdAuditPurge carries out the approved disposals of the audit log (issue
// 23): nothing is deleted without a decision proposed by one person and
// approved by another (kasane retention propose --type audit_log, approve).
func cmdAuditPurge(ctx context.Context, e env, args []string) error {
	var email string
	cfg, _, err := config.Load("audit purge", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "user", "", "e-mail of the staff member who carries out the disposal (municipal_admin or privacy_officer)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return errors.New("kasane audit purge: --user を指定してください。監査ログの削除は、承認された廃棄の決定（kasane retention propose --type audit_log → approve）を実行します")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, email)
	if err != nil || u.Disabled {
		return fmt.Errorf("職員 %s が見つからないか、無効になっています", email)
	}
	a := sqldb.ActorFor(u)
	a.Address = "cli"
	ds, err := db.RetentionDecisions(ctx, a, "approved")
	if err != nil {
		return err
	}
	n := 0
	for _, d := range ds {
		if d.RecordType != "audit_log" {
			continue
		}
		if d, err = db.Dispose(ctx, a, d.ID, d.Version); err != nil {
			return err
		}
		n++
		fmt.Fprintf(e.stdout, "purged %d events older than the retention setting (decision %s)\n", d.DisposedCount, d.ID)
	}
	if n == 0 {
		return errors.New("承認された監査ログの廃棄の決定がありません（kasane retention propose --type audit_log --user … の後、別の個人情報保護担当が kasane retention approve）")
	}
	return nil
}

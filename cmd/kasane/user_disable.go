package main

import (
	"context"
	"flag"
	"fmt"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// cmdUserDisable stops a user's access (退職・異動) as the administration
// screen does: sessions end, API tokens are revoked, and the open cases and
// outreach targets the user leads go to --successor (same organization) or
// are left without a lead worker, where alerts show them.
func cmdUserDisable(ctx context.Context, e env, args []string) error {
	var email, successor string
	cfg, _, err := config.Load("user disable", args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, "email", "", "e-mail (login name) of the user to stop")
		fs.StringVar(&successor, "successor", "", "e-mail of the member of staff of the same organization who takes over the open cases (optional)")
	})
	if err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("--email を指定してください")
	}
	db, err := openDB(ctx, cfg)
	if err != nil {
		return err
	}
	defer db.Close()
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		return fmt.Errorf("職員 %s が見つかりません", email)
	}
	successorID := ""
	if successor != "" {
		s, err := db.UserByEmail(ctx, successor)
		if err != nil || s.MunicipalityID != u.MunicipalityID {
			return fmt.Errorf("引き継ぎ先の職員 %s が見つかりません", successor)
		}
		successorID = s.ID
	}
	moved, err := db.DisableUser(ctx, casework.System(u.MunicipalityID), u.ID, u.Version, successorID)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s の利用を停止しました（ログインとAPIトークンは無効）。担当を変更したケース・アウトリーチ対象者: %d 件\n", u.Email, moved)
	return nil
}

// cmdUserEnable lets a stopped user log in again.
func cmdUserEnable(ctx context.Context, e env, args []string) error {
	return withUser(ctx, e, "user enable", "email", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		if err := db.EnableUser(ctx, sys, u.ID, u.Version); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s の利用を再開しました。\n", u.Email)
		return nil
	})
}

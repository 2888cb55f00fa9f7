package main

import (
	"context"
	"flag"
	"fmt"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// cmdUserDisable stops a user's access (退職・異動) as the administration
// screen does: sessions end, API tokens are revoked, and the open cases and
// outreach targets the user leads go to --successor (same organization) or
// are left without a lead worker, where alerts show them.
func cmdUserDisable(ctx context.Context, e env, args []string) error {
	var successor string
	return withUser(ctx, e, "user disable", "email", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		successorID := ""
		if successor != "" {
			s, err := db.UserByEmail(ctx, successor)
			if err != nil || s.MunicipalityID != u.MunicipalityID {
				return fmt.Errorf("引き継ぎ先の職員 %s が見つかりません", successor)
			}
			successorID = s.ID
		}
		moved, err := db.DisableUser(ctx, sys, u.ID, u.Version, successorID)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s の利用を停止しました（ログインとAPIトークンは無効）。担当を変更したケース・アウトリーチ対象者: %d 件\n", u.Email, moved)
		return nil
	}, func(fs *flag.FlagSet) {
		fs.StringVar(&successor, "successor", "", "e-mail of the member of staff of the same organization who takes over the open cases (optional)")
	})
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

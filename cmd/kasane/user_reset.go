package main

import (
	"context"
	"flag"
	"fmt"

	"kasane/internal/auth"
	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// Operator recovery from the command line, for when no administrator can
// log in (the only one forgot the password or lost the authenticator): the
// same resets as the user page of the administration screen, done as the
// system actor of the user's municipality and audited as such.

// cmdUserResetPassword sets a one-time temporary password, prints it once
// and makes the user change it at the next login; every session of the
// user ends.
func cmdUserResetPassword(ctx context.Context, e env, args []string) error {
	return withUser(ctx, e, "user reset-password", "email", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		temp, err := auth.NewTemporaryPassword()
		if err != nil {
			return err
		}
		hash, err := auth.HashPassword(temp)
		if err != nil {
			return err
		}
		if err := db.ResetPassword(ctx, sys, u.ID, u.Version, hash); err != nil {
			return err
		}
		fmt.Fprintln(e.stdout, temp)
		fmt.Fprintf(e.stderr, "kasane: %s の仮パスワードを発行しました（表示はこの一度だけです）。本人に安全な方法で伝えてください。次のログインで変更が求められます。\n", u.Email)
		return nil
	})
}

// cmdUserResetMFA turns the user's second factor off (the secret and the
// recovery codes are deleted, every session ends); the user enrols again at
// the next login.
func cmdUserResetMFA(ctx context.Context, e env, args []string) error {
	return withUser(ctx, e, "user reset-mfa", "email", args, func(db *sqldb.DB, sys casework.Actor, u casework.User) error {
		if err := db.ResetMFA(ctx, sys, u.ID, u.Version); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "%s の二要素認証を解除しました。次のログインで登録し直します。\n", u.Email)
		return nil
	})
}

// withUser loads the flags of a command that names a user by e-mail in
// the flag userFlag, opens the database, finds the user in any
// municipality and runs fn as the system actor of the user's municipality.
func withUser(ctx context.Context, e env, name, userFlag string, args []string, fn func(*sqldb.DB, casework.Actor, casework.User) error, moreFlags ...func(*flag.FlagSet)) error {
	var email string
	cfg, _, err := config.Load(name, args, e.getenv, e.stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&email, userFlag, "", "e-mail (login name) of the user")
		for _, f := range moreFlags {
			f(fs)
		}
	})
	if err != nil {
		return err
	}
	if email == "" {
		return fmt.Errorf("--%s を指定してください", userFlag)
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
	return fn(db, casework.System(u.MunicipalityID), u)
}

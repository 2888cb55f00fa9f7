package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"kasane/internal/casework"
	"kasane/internal/config"
	"kasane/internal/sqldb"
)

// ceremonyTimeout is how long a security key ceremony (registration or
// login) may take, in the browser and on the server.
const ceremonyTimeout = 5 * time.Minute

// relyingParty is the WebAuthn relying party of a request. Keys are bound
// to a host name, so it comes from the configured public URL
// (KASANE_PUBLIC_URL); without one it is derived from the request only when
// kasane is opened as localhost (a developer's or the demo's machine):
// deriving it from any Host header would let a phishing proxy act as
// kasane.
func (s *Server) relyingParty(r *http.Request) (*webauthn.WebAuthn, error) {
	var origin *url.URL
	if s.cfg.PublicURL != "" {
		u, err := config.ParsePublicURL(s.cfg.PublicURL)
		if err != nil {
			return nil, err
		}
		origin = u
	} else {
		host := r.Host
		name := host
		if h, _, err := net.SplitHostPort(host); err == nil {
			name = h
		}
		if !strings.EqualFold(name, "localhost") {
			return nil, casework.Errorf(casework.EUNAVAILABLE,
				"セキュリティキーを使うには、システム管理者が kasane の公開 URL（KASANE_PUBLIC_URL）を設定する必要があります。")
		}
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		origin = &url.URL{Scheme: scheme, Host: strings.ToLower(host)}
	}
	timeouts := webauthn.TimeoutConfig{Enforce: true, Timeout: ceremonyTimeout, TimeoutUVD: ceremonyTimeout}
	return webauthn.New(&webauthn.Config{
		RPID:                  origin.Hostname(),
		RPDisplayName:         "kasane",
		RPOrigins:             []string{origin.String()},
		AttestationPreference: protocol.PreferNoAttestation,
		AuthenticatorSelection: protocol.AuthenticatorSelection{
			ResidentKey:      protocol.ResidentKeyRequirementDiscouraged,
			UserVerification: protocol.VerificationPreferred,
		},
		Timeouts: webauthn.TimeoutsConfig{Login: timeouts, Registration: timeouts},
	})
}

// keyUser adapts a user and their keys to the library.
type keyUser struct {
	u    casework.User
	keys []sqldb.SecurityKey
}

func (k keyUser) WebAuthnID() []byte          { return []byte(k.u.ID) }
func (k keyUser) WebAuthnName() string        { return k.u.Email }
func (k keyUser) WebAuthnDisplayName() string { return k.u.Name }
func (k keyUser) WebAuthnCredentials() []webauthn.Credential {
	out := make([]webauthn.Credential, len(k.keys))
	for i, key := range k.keys {
		tr := make([]protocol.AuthenticatorTransport, len(key.Transports))
		for j, t := range key.Transports {
			tr[j] = protocol.AuthenticatorTransport(t)
		}
		out[i] = webauthn.Credential{
			ID: key.CredentialID, PublicKey: key.PublicKey, AttestationType: key.AttestationType, AttestationFormat: key.AttestationFormat,
			Transport: tr, Flags: webauthn.CredentialFlagsFromMsgpByte(key.Flags),
			Authenticator: webauthn.Authenticator{AAGUID: key.AAGUID, SignCount: key.SignCount},
		}
	}
	return out
}

func (k keyUser) descriptors() []protocol.CredentialDescriptor {
	creds := k.WebAuthnCredentials()
	out := make([]protocol.CredentialDescriptor, len(creds))
	for i := range creds {
		out[i] = creds[i].Descriptor()
	}
	return out
}

// keyFailed is the message of a ceremony that did not verify; the detail
// goes to the log, never to the page.
const keyFailed = "セキュリティキーを確認できませんでした。もう一度お試しください。"

// noCredential is the message when the form came without the key's answer
// (JavaScript is off, or the browser has no WebAuthn).
const noCredential = "セキュリティキーを使うには、JavaScript を有効にした最新のブラウザーが必要です。"

// beginKeyRegistration starts registering a new key for the session's user
// and returns the creation options for the page (JSON for
// navigator.credentials.create). Keys already registered are excluded.
func (s *Server) beginKeyRegistration(r *http.Request, p *principal, keys []sqldb.SecurityKey) (string, error) {
	rp, err := s.relyingParty(r)
	if err != nil {
		return "", err
	}
	ku := keyUser{p.User, keys}
	creation, session, err := rp.BeginRegistration(ku, webauthn.WithExclusions(ku.descriptors()))
	if err != nil {
		return "", err
	}
	return s.saveCeremony(r.Context(), p, sqldb.CeremonyRegister, creation, session)
}

// beginKeyLogin starts a login with one of the user's keys and returns the
// request options for the page (JSON for navigator.credentials.get).
func (s *Server) beginKeyLogin(r *http.Request, p *principal, keys []sqldb.SecurityKey) (string, error) {
	rp, err := s.relyingParty(r)
	if err != nil {
		return "", err
	}
	assertion, session, err := rp.BeginLogin(keyUser{p.User, keys})
	if err != nil {
		return "", err
	}
	return s.saveCeremony(r.Context(), p, sqldb.CeremonyLogin, assertion, session)
}

func (s *Server) saveCeremony(ctx context.Context, p *principal, purpose string, options any, session *webauthn.SessionData) (string, error) {
	data, err := json.Marshal(session)
	if err != nil {
		return "", err
	}
	if err := s.db.SaveWebAuthnChallenge(ctx, p.SessionHash, p.User.ID, purpose, data, s.now().Add(ceremonyTimeout)); err != nil {
		return "", err
	}
	opts, err := json.Marshal(options)
	return string(opts), err
}

// takeCeremony returns the session data of the ceremony in progress
// (removing it: a challenge is answered once).
func (s *Server) takeCeremony(r *http.Request, p *principal, purpose string) (webauthn.SessionData, error) {
	var session webauthn.SessionData
	data, err := s.db.TakeWebAuthnChallenge(r.Context(), p.SessionHash, p.User.ID, purpose)
	if err != nil {
		return session, err
	}
	err = json.Unmarshal(data, &session)
	return session, err
}

// finishKeyRegistration verifies the browser's answer (the JSON of the
// PublicKeyCredential) and returns the key to store, named name.
func (s *Server) finishKeyRegistration(r *http.Request, p *principal, keys []sqldb.SecurityKey, answer, name string) (*sqldb.SecurityKey, error) {
	if strings.TrimSpace(answer) == "" {
		return nil, invalid("credential", noCredential)
	}
	rp, err := s.relyingParty(r)
	if err != nil {
		return nil, err
	}
	session, err := s.takeCeremony(r, p, sqldb.CeremonyRegister)
	if err != nil {
		return nil, invalid("credential", casework.ErrorMessage(err))
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes([]byte(answer))
	if err != nil {
		return nil, s.keyError(r, "registration", err)
	}
	cred, err := rp.CreateCredential(keyUser{p.User, keys}, session, parsed)
	if err != nil {
		return nil, s.keyError(r, "registration", err)
	}
	k := &sqldb.SecurityKey{
		CredentialID: cred.ID, PublicKey: cred.PublicKey, AttestationType: cred.AttestationType, AttestationFormat: cred.AttestationFormat,
		AAGUID: cred.Authenticator.AAGUID, Flags: cred.Flags.MsgpByte(), SignCount: cred.Authenticator.SignCount, Name: name,
	}
	for _, t := range cred.Transport {
		k.Transports = append(k.Transports, string(t))
	}
	return k, nil
}

// finishKeyLogin verifies the browser's answer to a login challenge and
// returns the key used with its new signature counter.
func (s *Server) finishKeyLogin(r *http.Request, p *principal, keys []sqldb.SecurityKey, answer string) (sqldb.SecurityKey, error) {
	if strings.TrimSpace(answer) == "" {
		return sqldb.SecurityKey{}, invalid("credential", noCredential)
	}
	rp, err := s.relyingParty(r)
	if err != nil {
		return sqldb.SecurityKey{}, err
	}
	session, err := s.takeCeremony(r, p, sqldb.CeremonyLogin)
	if err != nil {
		return sqldb.SecurityKey{}, invalid("credential", casework.ErrorMessage(err))
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes([]byte(answer))
	if err != nil {
		return sqldb.SecurityKey{}, s.keyError(r, "login", err)
	}
	cred, err := rp.ValidateLogin(keyUser{p.User, keys}, session, parsed)
	if err != nil {
		return sqldb.SecurityKey{}, s.keyError(r, "login", err)
	}
	if cred.Authenticator.CloneWarning {
		return sqldb.SecurityKey{}, s.keyError(r, "login", errors.New("signature counter did not advance (cloned key or replay)"))
	}
	for _, k := range keys {
		if bytes.Equal(k.CredentialID, cred.ID) {
			k.SignCount = cred.Authenticator.SignCount
			return k, nil
		}
	}
	return sqldb.SecurityKey{}, s.keyError(r, "login", errors.New("credential not found after validation"))
}

// keyError logs why a ceremony failed and gives the user the one message.
func (s *Server) keyError(r *http.Request, ceremony string, err error) error {
	detail := err.Error()
	var pe *protocol.Error
	if errors.As(err, &pe) {
		detail = pe.Type + ": " + pe.Details + " " + pe.DevInfo
	}
	s.log.Info("webauthn ceremony failed", "ceremony", ceremony, "path", r.URL.Path, "error", detail)
	return invalid("credential", keyFailed)
}

package casework

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"time"
)

// Audit actions (DOMAIN.md).
const (
	ActView       = "view"
	ActSearch     = "search"
	ActCreate     = "create"
	ActUpdate     = "update"
	ActExport     = "export"
	ActPrint      = "print"
	ActLogin      = "login"
	ActLogout     = "logout"
	ActLoginFail  = "login_failed"
	ActBreakGlass = "break_glass"
)

// AuditEvent is one entry of the hash-chained audit log.
type AuditEvent struct {
	Seq            int64     `json:"seq"`
	ID             string    `json:"id"`
	MunicipalityID string    `json:"-"`
	At             time.Time `json:"at"`
	ActorID        string    `json:"actor_id"`
	ActorOrgID     string    `json:"actor_organization_id"`
	Action         string    `json:"action"`
	ObjectType     string    `json:"object_type"`
	ObjectID       string    `json:"object_id"`
	Reason         string    `json:"reason,omitempty"`
	Flagged        bool      `json:"flagged"`
	Address        string    `json:"address,omitempty"`
	PrevHash       string    `json:"prev_hash"`
	Hash           string    `json:"hash"`
}

// TimeFormat is the fixed-width UTC text form of instants in storage and in
// the audit hash.
const TimeFormat = "2006-01-02T15:04:05.000000Z"

// ChainHash computes the hash of e linked to the previous event's hash. Every
// field that matters is covered; a change, deletion or insertion anywhere
// breaks the chain from that point on.
func ChainHash(prev string, e AuditEvent) string {
	fields := []string{
		prev,
		strconv.FormatInt(e.Seq, 10),
		e.ID,
		e.MunicipalityID,
		e.At.UTC().Format(TimeFormat),
		e.ActorID,
		e.ActorOrgID,
		e.Action,
		e.ObjectType,
		e.ObjectID,
		e.Reason,
		strconv.FormatBool(e.Flagged),
		e.Address,
	}
	h := sha256.New()
	for _, f := range fields {
		// length-prefix each field so no two field lists hash alike
		h.Write([]byte(strconv.Itoa(len(f))))
		h.Write([]byte{':'})
		h.Write([]byte(f))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// GenesisHash is the previous hash of the first event of a chain.
var GenesisHash = strings.Repeat("0", 64)

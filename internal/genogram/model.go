// Package genogram draws the pictures social workers draw by hand: the
// ジェノグラム (family tree with relations) and the エコマップ (the household
// and the organizations and resources around it). It is pure: the input is
// plain structs, the output an SVG string that needs no style sheet or style
// attributes (strict CSP) and a text alternative listing the same facts.
package genogram

// Sex codes of a person (casework.Sexes).
const (
	Male    = "male"
	Female  = "female"
	Other   = "other"
	Unknown = "unknown"
)

// Ways to mark a deceased person (a municipal setting).
const (
	DeceasedCross  = "cross"  // × over the symbol
	DeceasedFilled = "filled" // the symbol filled dark
)

// Relation kinds and qualities (casework.RelationKinds, RelationMoods).
const (
	Marriage     = "婚姻"
	Divorce      = "離婚"
	Separation   = "別居"
	Cohabitation = "内縁"
	ParentChild  = "親子"
	Siblings     = "兄弟"
	Adoption     = "養子縁組"

	Close   = "親密"
	Distant = "疎遠"
	Hostile = "敵対"
	Cutoff  = "遮断"
)

// Person is one symbol of the genogram.
type Person struct {
	ID           string
	Name         string
	Sex          string // Male, Female, Other, Unknown
	BirthDate    string // YYYY-MM-DD, YYYY-MM, YYYY or "": birth order and twins
	Age          *int   // age now, or at death
	Deceased     bool
	Relationship string // 続柄 to the household's 本人
	Cohabiting   bool
	Roles        []string // 主たる介護者, ヤングケアラー, …
	Outside      bool     // a relative outside the household, reached by a relation
}

// Relation is a line between two persons. For 親子 and 養子縁組 From is the
// parent (swapped when the birth dates or 続柄 say otherwise).
type Relation struct {
	From, To string
	Kind     string
	Quality  string // "", 親密, 疎遠, 敵対, 遮断
}

// Family is the input of Genogram.
type Family struct {
	Title     string // the household label
	People    []Person
	Relations []Relation
	FocusID   string // double outline; "" = the person with 続柄 本人
}

// Connection strengths of the ecomap.
const (
	Strong    = "strong"
	Normal    = "normal"
	Weak      = "weak"
	Stressful = "stressful"
)

// Directions of support on the ecomap.
const (
	ToHousehold   = "to"   // the organization supports the household
	FromHousehold = "from" // the household gives to it (e.g. a volunteer role)
	Both          = "both"
	NoDirection   = ""
)

// Connection is an organization or resource around the household.
type Connection struct {
	Name      string   // organization or resource
	Kind      string   // a short note: 主担当, 支援チーム, インフォーマル, …
	Persons   []string // the names it concerns; empty = the whole household
	Strength  string
	Direction string
	Note      string // the worker's short note on a recorded tie
}

// Ecomap is the input of DrawEcomap. Callers pass only what the viewer may see.
type Ecomap struct {
	Title       string
	Members     []Person
	FocusID     string
	Connections []Connection
	// Omitted names counterparts left out of the picture to keep it
	// readable (listed in the text alternative).
	Omitted []string
}

// defaultMaxWidth is the widest the picture is drawn by default.
const defaultMaxWidth = 1040

// Options tune the drawing.
type Options struct {
	Deceased string  // DeceasedCross (default) or DeceasedFilled
	MaxWidth float64 // the width attribute at most; default 1040 (the card of a 1366 px screen; paper scales it down)
	IDPrefix string  // prefix of the title/desc ids; default "genogram" or "ecomap"
}

// Picture is a drawing and its text alternative.
type Picture struct {
	SVG   string
	Title string
	Desc  string
	Items []string // the same facts as a list, for the page beside the picture
}

package web

import (
	"html/template"
	"net/http"
	"net/url"

	"kasane/internal/casework"
	"kasane/internal/genogram"
	"kasane/internal/sqldb"
)

// genogramRoutes are the pictures of a household. Editing stays in the
// household forms; the pictures are drawn again on every load.
var genogramRoutes = []route{
	{"GET /households/{id}/genogram", false, (*Server).genogramPage},
	{"POST /households/{id}/ecomap-ties", false, (*Server).ecomapTieAdd},
	{"POST /ecomap-ties/{id}", false, (*Server).ecomapTieUpdate},
	{"POST /ecomap-ties/{id}/delete", false, (*Server).ecomapTieDelete},
	{"GET /api/v1/households/{id}/ecomap-ties", false, (*Server).apiEcomapTies},
	{"POST /api/v1/households/{id}/ecomap-ties", false, (*Server).apiCreateEcomapTie},
	{"PUT /api/v1/ecomap-ties/{id}", false, (*Server).apiUpdateEcomapTie},
	{"DELETE /api/v1/ecomap-ties/{id}", false, (*Server).apiDeleteEcomapTie},
}

// genogramDeceasedMark is how a deceased person is marked (× or filled);
// to become a municipal setting.
var genogramDeceasedMark = genogram.DeceasedCross

type genogramPageData struct {
	Household casework.Household
	Genogram  genogram.Picture
	Ecomap    genogram.Picture
	GenoSVG   template.HTML
	EcoSVG    template.HTML
	FocusName string
	ecomapForms
}

func (s *Server) genogramPage(w http.ResponseWriter, r *http.Request) {
	p := &Page{Flash: ecomapDone(r), Form: url.Values{"counterpart_kind": {"informal"}, "strength": {"normal"}, "direction": {"to"}}}
	if err := s.genogramRender(w, r, r.PathValue("id"), p, nil); err != nil {
		s.errorPage(w, r, err)
	}
}

// genogramRender draws the pictures of a household and the tie forms; with
// formErr the form named by p.Section is shown again with its messages.
func (s *Server) genogramRender(w http.ResponseWriter, r *http.Request, id string, p *Page, formErr error) error {
	data, err := s.db.GenogramData(r.Context(), actor(r), id)
	if err != nil {
		return err
	}
	fam, eco := genogramInput(data, r.URL.Query().Get("focus"))
	d := &genogramPageData{Household: data.Household,
		Genogram: genogram.Genogram(fam, genogram.Options{Deceased: genogramDeceasedMark}),
		Ecomap:   genogram.DrawEcomap(eco, genogram.Options{})}
	// The SVG is built by package genogram with every text escaped.
	d.GenoSVG, d.EcoSVG = template.HTML(d.Genogram.SVG), template.HTML(d.Ecomap.SVG)
	for _, p := range fam.People {
		if p.ID == fam.FocusID {
			d.FocusName = p.Name
		}
	}
	if d.ecomapForms, err = s.ecomapFormData(r, data); err != nil {
		return err
	}
	p.Title, p.Nav, p.Data = data.Household.Label+" ジェノグラム・エコマップ", "persons", d
	if formErr != nil {
		s.formPage(w, r, "genogram", p, formErr)
		return nil
	}
	s.render(w, r, http.StatusOK, "genogram", p)
	return nil
}

// genogramInput turns what the viewer may see of a household into the
// input of the two pictures. focus is a member's person id ("" = 本人).
func genogramInput(data sqldb.GenogramData, focus string) (genogram.Family, genogram.Ecomap) {
	h := data.Household
	fam := genogram.Family{Title: h.Label}
	eco := genogram.Ecomap{Title: h.Label}
	members := map[string]bool{}
	for _, m := range h.Members {
		members[m.PersonID] = true
		gp := data.People[m.PersonID]
		p := genogram.Person{ID: m.PersonID, Name: m.Name, Sex: gp.Sex, BirthDate: gp.BirthDate, Age: gp.Age,
			Deceased: gp.DeceasedOn != "", Relationship: m.Relationship, Cohabiting: m.Cohabiting, Roles: m.Roles}
		fam.People = append(fam.People, p)
		eco.Members = append(eco.Members, p)
		if m.PersonID == focus {
			fam.FocusID, eco.FocusID = focus, focus
		}
	}
	for _, rel := range h.Relations {
		for _, id := range []string{rel.FromPersonID, rel.ToPersonID} {
			if members[id] {
				continue
			}
			members[id] = true
			gp := data.People[id]
			name := gp.Name
			if gp.Hidden {
				name = "（閲覧できない方）"
			}
			fam.People = append(fam.People, genogram.Person{ID: id, Name: name, Sex: gp.Sex, BirthDate: gp.BirthDate, Age: gp.Age,
				Deceased: gp.DeceasedOn != "", Outside: true})
		}
		fam.Relations = append(fam.Relations, genogram.Relation{From: rel.FromPersonID, To: rel.ToPersonID, Kind: rel.Kind, Quality: rel.Quality})
	}
	eco.Connections = ecomapConnections(h)
	// places of participation (参加支援): a weak line while proposed, normal
	// once the person takes part; support flows both ways
	for _, pl := range data.Participation {
		strength := genogram.Normal
		if pl.Status == "proposed" {
			strength = genogram.Weak
		}
		eco.Connections = append(eco.Connections, genogram.Connection{Name: pl.Resource, Kind: "参加支援", Persons: []string{data.People[pl.PersonID].Name},
			Strength: strength, Direction: genogram.Both})
	}
	eco.Connections, eco.Omitted = ecomapRecorded(eco.Connections, data)
	return fam, eco
}

// ecomapConnections are the organizations on the teams of the members'
// cases the viewer may read: the lead organization a strong line, the rest
// of the team a normal one, all supporting the household.
func ecomapConnections(h casework.Household) []genogram.Connection {
	var out []genogram.Connection
	at := map[string]int{}
	add := func(org, person string, lead bool) {
		if org == "" {
			return
		}
		i, ok := at[org]
		if !ok {
			i = len(out)
			at[org] = i
			out = append(out, genogram.Connection{Name: org, Kind: "支援チーム", Strength: genogram.Normal, Direction: genogram.ToHousehold})
		}
		c := &out[i]
		if lead {
			c.Kind, c.Strength = "主担当", genogram.Strong
		}
		for _, p := range c.Persons {
			if p == person {
				return
			}
		}
		c.Persons = append(c.Persons, person)
	}
	for _, m := range h.Members {
		for _, mc := range m.Cases {
			if mc.Status == "closed" {
				continue
			}
			add(mc.LeadOrg, m.Name, true)
			for _, t := range mc.TeamOrgs {
				add(t, m.Name, false)
			}
		}
	}
	return out
}

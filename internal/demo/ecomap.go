package demo

// Recorded ecomap ties of the demo households: who helps a family (or
// strains it) beyond the organizations and resources the records already
// draw. The workers record them as they learn of them on their visits.

import (
	"context"

	"kasane/internal/casework"
)

type tieSeed struct {
	day                 int
	hm, by, home, about string // about: member key; empty for the whole household
	org                 string // an organization of orgSeeds, or empty for an informal tie
	name                string // the informal counterpart
	strength, direction string
	note                string
}

var demoTies = []tieSeed{
	{day: 16, hm: "11:30", by: "worker", home: "kitamura", about: "toshiko", name: "近所の人（向かいの家の方）", strength: "strong", direction: "to",
		note: "デイサービスの送り出しを毎朝見守り、長男にも声をかけてくれる。異変があれば地域包括に電話をくれる約束。"},
	{day: 16, hm: "11:35", by: "worker", home: "kitamura", about: "kenichi", org: oShakyo, strength: "strong", direction: "to",
		note: "訪問員とは話ができ、買い物の同行も受け入れている。"},
	{day: 41, hm: "16:00", by: "worker", home: "yamaguchi", name: "民生委員（川端町担当）", strength: "weak", direction: "to",
		note: "月1回の訪問。本人は玄関先で短く応対するのみで、屋内には入れてもらえない。"},
	{day: 30, hm: "11:00", by: "kodomo", home: "morita", about: "mayumi", name: "親族（本人の兄・大西さん）", strength: "stressful", direction: "both",
		note: "実母の介護を本人に任せきりで、介護費用の分担をめぐり電話で口論が続いている。"},
	{day: 30, hm: "11:05", by: "kodomo", home: "morita", about: "mayumi", name: "親子サロンで知り合った母親", strength: "normal", direction: "both",
		note: "介護と子育ての話ができる相手。月1回のサロンのほか、LINEでやりとりしている。"},
}

// planTies records the demo ties, each on its day by the worker who
// learned of it.
func (s *story) planTies() {
	for _, t := range demoTies {
		s.act(t.day, t.hm, t.by, "エコマップの関係（"+t.home+"）", func(ctx context.Context, a casework.Actor) error {
			tie := casework.EcomapTie{HouseholdID: s.homes[t.home], Counterpart: "informal", Name: t.name,
				Strength: t.strength, Direction: t.direction, Note: t.note}
			if t.about != "" {
				tie.PersonID = s.persons[t.home+"/"+t.about]
			}
			if t.org != "" {
				id, err := s.org(t.org)
				if err != nil {
					return err
				}
				tie.Counterpart, tie.OrganizationID, tie.Name = "organization", id, ""
			}
			return s.db.CreateEcomapTie(ctx, a, &tie)
		})
	}
}

package demo

// Issue 22 in the demo: the 税務課's 庁内つなぎ担当 sends three つなぎ票 (one
// accepted by the くらしサポートセンター into its own case, one declined by
// the 地域包括支援センター with a reason, one waiting for an answer), and the
// くらしサポートセンター, consulted by 北村健一 (the son of the 8050 household
// the 地域包括 knows), registers him as its own record linked by 名寄せ and
// opens its own case on him.

import (
	"context"
	"fmt"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

// oZeimu is the section whose 庁内つなぎ担当 sends the demo's つなぎ票.
const oZeimu = "かさね市 税務課"

type liaisonSeed struct {
	key                   string
	day                   int // sent, days ago
	fam, giv, kana, given string
	age                   int
	sex, street, phone    string
	to, concern, consent  string
	answer                string // "accept", "decline" or "" (waiting)
	answerDay             int
	by                    string // the receiver's user
	reason                string // of a decline
}

var liaisonSeeds = []liaisonSeed{
	{key: "okawa", day: 20, fam: "大川", giv: "正", kana: "オオカワ", given: "タダシ", age: 58, sex: "male", street: "港町3丁目8番地の2", phone: "000-2100-0701",
		to: oKurashi, concern: "市県民税と国民健康保険税の滞納が続いている。分納の相談で、失業して収入がなく、家賃も払えていないと話していた。", consent: "書面",
		answer: "accept", answerDay: 18, by: "kurashi"},
	{key: "koike", day: 12, fam: "小池", giv: "みどり", kana: "コイケ", given: "ミドリ", age: 76, sex: "female", street: "南町5丁目1番地", phone: "000-2100-0702",
		to: oHoukatsu, concern: "水道料金の滞納。検針員によると、一人暮らしで家の中が散らかっており、話がかみ合わないことがあった。", consent: "口頭",
		answer: "decline", answerDay: 10, by: "worker", reason: "当センターの担当地区外（南部）のため。南部地域包括支援センターへご連絡ください。"},
	{key: "morita", day: 2, fam: "森田", giv: "健太", kana: "モリタ", given: "ケンタ", age: 34, sex: "male", street: "北町一丁目12番地", phone: "000-2100-0703",
		to: oKurashi, concern: "軽自動車税の相談で、ひとり親で子ども2人を育てており、仕事が見つからないと話していた。", consent: "口頭"},
}

// planLiaison adds the つなぎ票 and the 名寄せ registration to the story.
func (s *story) planLiaison() {
	for _, ls := range liaisonSeeds {
		ls := ls
		var id string
		s.act(ls.day, "10:30", "liaison", "庁内つなぎ票 "+ls.fam, func(ctx context.Context, a casework.Actor) error {
			to, err := s.org(ls.to)
			if err != nil {
				return err
			}
			r := casework.LiaisonReferral{ToOrgID: to, Concern: ls.concern, Consent: ls.consent,
				Person: &casework.Person{Identified: true, FamilyName: ls.fam, GivenName: ls.giv, FamilyKana: ls.kana, GivenKana: ls.given,
					BirthDate: s.birth(ls.age, "04-15"), Sex: ls.sex, Address: kasane("000-0040", ls.street), Phone: ls.phone}}
			if err := s.db.SendLiaisonReferral(ctx, a, &r); err != nil {
				return err
			}
			id = r.ID
			return nil
		})
		switch ls.answer {
		case "accept":
			var caseID string
			s.act(ls.answerDay, "14:00", ls.by, "庁内つなぎ票の受付 "+ls.fam, func(ctx context.Context, a casework.Actor) error {
				_, c, err := s.db.AcceptLiaisonReferral(ctx, a, id, sqldb.LiaisonAccept{Case: casework.Case{Method: "電話",
					Bunya: []string{"konkyu"}, Problems: []string{"経済的困窮", "就労", "住まい・住居喪失"}, Screening: "継続支援",
					Complaint:  "税務課からのつなぎ。失業して収入がなく、家賃の滞納がある。住居確保給付金と就労の相談を希望。",
					CaseIntake: casework.CaseIntake{Urgency: "要注意"}}})
				caseID = c.ID
				return err
			})
			s.liaisonContacts(ls.by, func() string { return caseID }, []contactSeed{
				{ls.answerDay, "14:10", "電話", "本人に電話。税務課から話を聞いたと伝え、来所の約束をした。", 15},
				{ls.answerDay - 3, "10:00", "来所", "家計の状況を聞き取り。住居確保給付金の申請書類を案内した。", 60},
				{ls.answerDay - 10, "15:00", "同行", "ハローワークに同行し、求職登録をした。", 90},
			})
		case "decline":
			s.act(ls.answerDay, "16:00", ls.by, "庁内つなぎ票の辞退 "+ls.fam, func(ctx context.Context, a casework.Actor) error {
				_, err := s.db.DeclineLiaisonReferral(ctx, a, id, ls.reason)
				return err
			})
		}
	}
	var kitamura string
	// 北村健一 comes to the くらしサポートセンター about work; the search
	// finds him known (to the 地域包括, which it is not told): it registers
	// him as its own record, linked by 名寄せ, and opens its own case
	s.act(30, "11:00", "kurashi", "名寄せした本人の登録 北村健一", func(ctx context.Context, a casework.Actor) error {
		known, ok := s.persons["kitamura/kenichi"]
		if !ok {
			return fmt.Errorf("北村健一がいません")
		}
		p := casework.Person{Identified: true, FamilyName: "北村", GivenName: "健一", FamilyKana: "キタムラ", GivenKana: "ケンイチ",
			BirthDate: s.birth(54, "11-03"), Sex: "male", Phone: "000-2100-0705"}
		if _, err := s.db.RegisterAsSamePerson(ctx, a, &p, known); err != nil {
			return err
		}
		c := casework.Case{FocusPersonID: p.ID, ReceivedOn: casework.Today(s.at(30, "11:00")), Route: "本人", Method: "来所",
			Bunya: []string{"konkyu"}, Problems: []string{"就労", "ひきこもり"}, Screening: "継続支援",
			Complaint: "長く働いていないが、母の年金だけでは暮らせないので仕事を探したい。"}
		if err := s.db.CreateCase(ctx, a, &c); err != nil {
			return err
		}
		kitamura = c.ID
		return nil
	})
	s.liaisonContacts("kurashi", func() string { return kitamura }, []contactSeed{
		{30, "11:30", "来所", "就労の希望を聞き取り。20年ほど働いていない。まず生活リズムを整えたいとのこと。", 50},
		{23, "10:00", "電話", "就労準備支援事業の説明をし、見学の日程を決めた。", 15},
		{16, "13:30", "同行", "就労準備支援事業の見学に同行した。週1回から通ってみると本人。", 120},
	})
}

// contactSeed is one 支援経過記録 of the つなぎ票's cases.
type contactSeed struct {
	day              int
	hm, method, text string
	minutes          int
}

// liaisonContacts records contacts on the case caseID gives once it exists.
func (s *story) liaisonContacts(by string, caseID func() string, cs []contactSeed) {
	for _, cs := range cs {
		cs := cs
		s.act(cs.day, cs.hm, by, "支援経過 "+by+" "+cs.hm, func(ctx context.Context, a casework.Actor) error {
			c := casework.Contact{CaseID: caseID(), At: s.at(cs.day, cs.hm), Method: cs.method, Content: cs.text, Minutes: cs.minutes,
				Jigyo: "sodan", Bunya: "konkyu"}
			return s.db.AddContact(ctx, a, &c)
		})
	}
}

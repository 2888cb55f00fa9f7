package demo

// The case meetings of the demo: the first 重層的支援会議 of the 8050
// household (every attending organization, the municipality included, is
// covered by the mother's consent), held, whose plan_review item leads to
// the municipality's 支援決定; the 支援会議 (社会福祉法第106条の6) on the 山口
// case, run by the 事務局 (福祉総合相談課) with its roster of 構成員, held
// without his consent once every attendee acknowledged the duty of
// confidentiality (第5項); and a cancelled meeting.

import (
	"context"

	"kasane/internal/casework"
)

func (s *story) attendee(org, user string, ack bool) (casework.Attendee, error) {
	id, err := s.org(org)
	if err != nil {
		return casework.Attendee{}, err
	}
	at := casework.Attendee{OrganizationID: id, MemberOrGuest: "member", ConfidentialityAck: ack}
	if user != "" {
		at.UserID = s.users[user+"@demo.kasane.example"].ID
	}
	return at, nil
}

func (s *story) attendees(ack bool, orgUsers ...string) ([]casework.Attendee, error) {
	var out []casework.Attendee
	for i := 0; i+1 < len(orgUsers); i += 2 {
		at, err := s.attendee(orgUsers[i], orgUsers[i+1], ack)
		if err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, nil
}

func (s *story) planMeetings() {
	var jusou casework.Meeting
	s.act(127, "10:00", "coordinator", "重層的支援会議（北村）", func(ctx context.Context, a casework.Actor) error {
		ats, err := s.attendees(false, oTsumugi, "coordinator", oHoukatsu, "worker", oShakyo, "outreach", oAoba, "shogai", oCity, "decision")
		if err != nil {
			return err
		}
		host, _ := s.org(oTsumugi)
		jusou = casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議（北部地区・第1回）", ScheduledAt: s.at(120, "14:00"),
			Place: "多機関協働センター つむぎ 会議室", HostOrgID: host, NonPublic: true, Attendees: ats}
		return s.db.CreateMeeting(ctx, a, &jusou)
	})
	s.act(120, "16:00", "coordinator", "重層的支援会議の開催（北村）", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.SetMeetingStatus(ctx, a, jusou.ID, casework.MeetingHeldStatus, jusou.Version)
		return err
	})
	s.act(120, "16:30", "coordinator", "重層的支援会議の検討事項（北村）", func(ctx context.Context, a casework.Actor) error {
		split, err := s.roleSplit(oHoukatsu, "母の介護サービスの調整", oShakyo, "長男へのアウトリーチ（月2回）",
			oAoba, "長男の障害福祉サービス利用の可能性の検討", oTsumugi, "全体調整と次回会議（3か月後）の設定")
		if err != nil {
			return err
		}
		lead, _ := s.org(oHoukatsu)
		it := casework.MeetingItem{CaseID: s.cases["kitamura/main"], Agenda: "plan_review",
			Situation: "母（84歳）は臥床がちで要介護認定を申請中。同居の長男（54歳）が介護を担うが、長男自身も長くひきこもりの状態で不眠の訴えがある。公共料金の滞納あり。",
			Decisions: "役割分担を確認した。長男の就労は急がず、まず関係づくりを優先する。支援プラン案を地域包括が作成する。",
			RoleSplit: split, LeadOrgID: lead, KeyPerson: "本人の長女（県外在住）", NextDate: casework.Today(s.at(30, "12:00")),
			ResourceGaps: []string{"中高年のひきこもりの人が平日の日中に通える居場所が北町地区にない"}}
		if err := s.db.AddMeetingItem(ctx, a, jusou.ID, &it); err != nil {
			return err
		}
		s.items["kitamura/plan_review"] = it.ID
		return nil
	})
	s.shienKaigi()
	s.cancelledMeeting()
}

// shienKaigi: the 事務局 keeps the roster of 構成員, hosts the 支援会議, each
// attendee acknowledges the duty itself (民生委員, who has no account, from
// the signed 出席者名簿), and the 事務局 records it held.
func (s *story) shienKaigi() {
	var shien casework.Meeting
	s.act(75, "09:00", "jimukyoku", "支援会議の構成員名簿", func(ctx context.Context, a casework.Actor) error {
		var ids []string
		for _, name := range []string{oHoukatsu, oShakyo, oMinsei, oTsumugi, oKurashi, oKodomo} {
			id, err := s.org(name)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		fy := casework.FiscalYearOf(casework.Today(s.at(68, "14:00")))
		return s.db.SetShienKaigiRoster(ctx, a, fy, ids)
	})
	s.act(70, "11:00", "jimukyoku", "支援会議（山口）", func(ctx context.Context, a casework.Actor) error {
		ats, err := s.attendees(false, oCity, "jimukyoku", oHoukatsu, "worker", oShakyo, "outreach", oMinsei, "")
		if err != nil {
			return err
		}
		host, _ := s.org(oCity)
		shien = casework.Meeting{Type: "shien_kaigi", Title: "支援会議（北部地区）", ScheduledAt: s.at(68, "14:00"),
			Place: "かさね市役所 福祉総合相談課 相談室", HostOrgID: host, Attendees: ats}
		return s.db.CreateMeeting(ctx, a, &shien)
	})
	for _, by := range []string{"jimukyoku", "worker", "outreach"} {
		s.act(68, "13:55", by, "守秘義務の確認（"+by+"）", func(ctx context.Context, a casework.Actor) error {
			for _, at := range shien.Attendees {
				if at.OrganizationID == a.OrganizationID {
					_, err := s.db.AcknowledgeConfidentiality(ctx, a, shien.ID, at.ID, casework.AckSelf)
					return err
				}
			}
			return nil
		})
	}
	s.act(68, "14:05", "jimukyoku", "出席者名簿から守秘義務の確認（民生委員）", func(ctx context.Context, a casework.Actor) error {
		minsei, _ := s.org(oMinsei)
		for _, at := range shien.Attendees {
			if at.OrganizationID == minsei {
				_, err := s.db.AcknowledgeConfidentiality(ctx, a, shien.ID, at.ID, casework.AckRoster)
				return err
			}
		}
		return nil
	})
	s.act(68, "15:20", "jimukyoku", "支援会議の開催（山口）", func(ctx context.Context, a casework.Actor) error {
		m, err := s.db.Meeting(ctx, a, shien.ID, false)
		if err == nil {
			_, err = s.db.SetMeetingStatus(ctx, a, shien.ID, casework.MeetingHeldStatus, m.Version)
		}
		return err
	})
	s.act(68, "15:30", "worker", "支援会議の検討事項（山口）", func(ctx context.Context, a casework.Actor) error {
		split, err := s.roleSplit(oShakyo, "週1回の安否確認", oHoukatsu, "認知症初期集中支援チームへの相談と再訪問", oMinsei, "近隣の見守りと変化の連絡")
		if err != nil {
			return err
		}
		lead, _ := s.org(oHoukatsu)
		it := casework.MeetingItem{CaseID: s.cases["yamaguchi/main"], Agenda: "info_share",
			Situation: "単身の79歳男性。自宅にごみが積み上がり、本人は支援を拒否している。日付があいまいで、食事が十分にとれていない様子。本人の同意は得られていない。",
			Decisions: "本人の同意がないため、支援会議（社会福祉法第106条の6）として情報を共有し、見守り体制を確認した。火の不始末に備え、異変があれば地域包括に即日連絡する。",
			RoleSplit: split, LeadOrgID: lead, NextDate: casework.Today(s.at(40, "12:00"))}
		return s.db.AddMeetingItem(ctx, a, shien.ID, &it)
	})
}

// cancelledMeeting: a 重層的支援会議 called off (a typhoon warning).
func (s *story) cancelledMeeting() {
	var m casework.Meeting
	s.act(30, "10:00", "coordinator", "重層的支援会議（中部地区）", func(ctx context.Context, a casework.Actor) error {
		ats, err := s.attendees(false, oTsumugi, "coordinator", oKurashi, "kurashi", oKodomo, "kodomo")
		if err != nil {
			return err
		}
		host, _ := s.org(oTsumugi)
		m = casework.Meeting{Type: "jusoteki_shien_kaigi", Title: "重層的支援会議（中部地区）", ScheduledAt: s.at(21, "14:00"),
			Place: "多機関協働センター つむぎ 会議室", HostOrgID: host, NonPublic: true, Attendees: ats, Minutes: "台風接近（暴風警報）のため中止。次回は翌月の定例日に開催する。"}
		return s.db.CreateMeeting(ctx, a, &m)
	})
	s.act(22, "16:00", "coordinator", "重層的支援会議の中止（中部地区）", func(ctx context.Context, a casework.Actor) error {
		_, err := s.db.SetMeetingStatus(ctx, a, m.ID, casework.MeetingCancelled, m.Version)
		return err
	})
}

// roleSplit turns organization name / task pairs into role assignments.
func (s *story) roleSplit(orgTasks ...string) ([]casework.RoleAssignment, error) {
	var out []casework.RoleAssignment
	for i := 0; i+1 < len(orgTasks); i += 2 {
		id, err := s.org(orgTasks[i])
		if err != nil {
			return nil, err
		}
		out = append(out, casework.RoleAssignment{OrganizationID: id, Task: orgTasks[i+1]})
	}
	return out, nil
}

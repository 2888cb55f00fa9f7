package web

import (
	"net/http"
	"strconv"

	"kasane/internal/casework"
	"kasane/internal/sqldb"
)

func (s *Server) apiCreateAssessment(w http.ResponseWriter, r *http.Request) {
	var x casework.Assessment
	if err := readJSON(r, &x); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreateAssessment(r.Context(), actor(r), r.PathValue("id"), &x); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, x)
}

func (s *Server) apiAssessments(w http.ResponseWriter, r *http.Request) {
	xs, err := s.db.Assessments(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(xs, ""))
}

func (s *Server) apiCreatePlan(w http.ResponseWriter, r *http.Request) {
	var p casework.Plan
	if err := readJSON(r, &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.CreatePlan(r.Context(), actor(r), r.PathValue("id"), &p); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, p)
}

func (s *Server) apiPlans(w http.ResponseWriter, r *http.Request) {
	ps, err := s.db.Plans(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(ps, ""))
}

func (s *Server) apiCaseMeetingItems(w http.ResponseWriter, r *http.Request) {
	items, err := s.db.CaseMeetingItems(r.Context(), actor(r), r.PathValue("id"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(items, ""))
}

func (s *Server) apiPlan(w http.ResponseWriter, r *http.Request) {
	p, err := s.db.Plan(r.Context(), actor(r), r.PathValue("id"), false)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiUpdatePlan(w http.ResponseWriter, r *http.Request) {
	var p casework.Plan
	apiUpdate(s, w, r, &p, &p.Version, func() (casework.Plan, error) {
		p.ID = r.PathValue("id")
		err := s.db.UpdatePlan(r.Context(), actor(r), &p)
		return p, err
	})
}

func (s *Server) apiAgreePlan(w http.ResponseWriter, r *http.Request) {
	var body struct {
		AgreedOn string `json:"agreed_on"`
		AgreedBy string `json:"agreed_by"`
	}
	if r.ContentLength != 0 {
		if err := readJSON(r, &body); err != nil {
			s.apiError(w, r, err)
			return
		}
	}
	p, err := s.db.AgreePlan(r.Context(), actor(r), r.PathValue("id"), body.AgreedOn, body.AgreedBy)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiDecidePlan(w http.ResponseWriter, r *http.Request) {
	var body sqldb.PlanDecision
	if err := readJSON(r, &body); err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.db.DecidePlan(r.Context(), actor(r), r.PathValue("id"), body)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, p)
}

func (s *Server) apiEvaluatePlan(w http.ResponseWriter, r *http.Request) {
	var e casework.Evaluation
	if err := readJSON(r, &e); err != nil {
		s.apiError(w, r, err)
		return
	}
	if err := s.db.EvaluatePlan(r.Context(), actor(r), r.PathValue("id"), &e); err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, e)
}

func (s *Server) apiPlanItems(w http.ResponseWriter, r *http.Request) {
	items, err := s.db.PlanItemsFor(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(items, ""))
}

func (s *Server) apiResourceGaps(w http.ResponseWriter, r *http.Request) {
	gs, err := s.db.ResourceGaps(r.Context(), actor(r))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(gs, ""))
}

func (s *Server) apiCalendar(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	from := q.Get("from")
	if from == "" {
		from = casework.Today(s.now())
	} else if d, msg := casework.NormalizeDate(from, true); msg != "" {
		s.apiError(w, r, invalid("from", msg))
		return
	} else {
		from = d
	}
	days, err := strconv.Atoi(q.Get("days"))
	if err != nil || days <= 0 || days > 366 {
		days = 60
	}
	es, err := s.db.Calendar(r.Context(), actor(r), from, days)
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, listOf(es, ""))
}

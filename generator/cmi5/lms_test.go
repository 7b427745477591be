package cmi5_test

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The stand-in LMS and LRS of the browser tests. The LMS serves the
// packages (on one origin) and launches an AU as the cmi5 spec's LMS does:
// it writes LMS.LaunchData, records "launched" and opens the AU's url with
// endpoint, fetch, actor, registration and activityId. The LRS (on another
// origin, answering CORS) hands out one auth token per fetch URL and
// refuses a second fetch, keeps state documents, and stores statements in
// the order they arrive, checking the token and the xAPI version header.
// It can be taken down (every request answered 503) and brought back.

const (
	cmi5Cat   = "https://w3id.org/xapi/cmi5/context/categories/cmi5"
	sessionID = "https://w3id.org/xapi/cmi5/context/extensions/sessionid"
)

type standIn struct {
	t         *testing.T
	mu        sync.Mutex
	pkgs      map[string]map[string][]byte
	fetched   map[string]string // fetch session → token ("" once used)
	tokens    map[string]bool
	states    map[string][]byte
	stored    []map[string]any // statements, as they arrived
	ids       map[string]bool
	down      bool
	refusals  []string
	lms, lrs  *httptest.Server
	activity  map[string]string // "<pkg> <page>" → AU id
	masteries map[string]float64
}

func newStandIn(t *testing.T, pkgs map[string]map[string][]byte) *standIn {
	s := &standIn{t: t, pkgs: pkgs, fetched: map[string]string{}, tokens: map[string]bool{}, states: map[string][]byte{},
		ids: map[string]bool{}, activity: map[string]string{}, masteries: map[string]float64{}}
	s.lms = httptest.NewServer(http.HandlerFunc(s.serveLMS))
	s.lrs = httptest.NewServer(http.HandlerFunc(s.serveLRS))
	t.Cleanup(s.lms.Close)
	t.Cleanup(s.lrs.Close)
	for id, files := range pkgs {
		var st structure
		if err := xmlUnmarshal(files["cmi5.xml"], &st); err != nil {
			t.Fatal(err)
		}
		for _, au := range st.AUs {
			page, _ := url.QueryUnescape(strings.TrimPrefix(au.URL, "index.html?au="))
			s.activity[id+" "+page] = au.ID
			var m float64
			fmt.Sscan(au.Mastery, &m)
			s.masteries[au.ID] = m
		}
	}
	return s
}

func (s *standIn) serveLMS(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/returned" {
		fmt.Fprint(w, "<!DOCTYPE html><title>LMS</title><p>back in the LMS")
		return
	}
	name, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if rest == "" || strings.HasSuffix(rest, "/") {
		rest += "index.html"
	}
	data, ok := s.pkgs[name][rest]
	if !ok {
		http.NotFound(w, r)
		return
	}
	http.ServeContent(w, r, filepath.Base(rest), time.Time{}, strings.NewReader(string(data)))
}

func (s *standIn) refuse(w http.ResponseWriter, code int, why string) {
	s.refusals = append(s.refusals, why)
	http.Error(w, why, code)
}

func (s *standIn) serveLRS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Access-Control-Allow-Origin", "*")
	w.Header().Set("Access-Control-Allow-Headers", "Authorization, Content-Type, X-Experience-API-Version")
	w.Header().Set("Access-Control-Allow-Methods", "GET, PUT, POST, OPTIONS")
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.down {
		http.Error(w, "down", http.StatusServiceUnavailable)
		return
	}
	if r.Method == http.MethodOptions {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if sid, ok := strings.CutPrefix(r.URL.Path, "/fetch/"); ok {
		s.fetch(w, r, sid)
		return
	}
	if r.Header.Get("X-Experience-API-Version") != "1.0.3" || !s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")] {
		s.refuse(w, http.StatusUnauthorized, r.Method+" "+r.URL.Path+": no token or xAPI version")
		return
	}
	body, _ := io.ReadAll(r.Body)
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/xapi/activities/state":
		key := q.Get("stateId") + " " + q.Get("activityId") + " " + q.Get("registration")
		if r.Method == http.MethodPut {
			s.states[key] = body
			w.WriteHeader(http.StatusNoContent)
		} else if doc, ok := s.states[key]; ok {
			w.Header().Set("Content-Type", "application/json")
			w.Write(doc)
		} else {
			http.NotFound(w, r)
		}
	case r.URL.Path == "/xapi/statements" && r.Method == http.MethodPut:
		s.store(w, q.Get("statementId"), body)
	default:
		s.refuse(w, http.StatusBadRequest, r.Method+" "+r.URL.Path)
	}
}

func (s *standIn) fetch(w http.ResponseWriter, r *http.Request, sid string) {
	tok, ok := s.fetched[sid]
	if r.Method != http.MethodPost || !ok || tok == "" {
		s.refusals = append(s.refusals, "fetch "+sid+" again")
		json.NewEncoder(w).Encode(map[string]string{"error-code": "1", "error-text": "already fetched"})
		return
	}
	s.fetched[sid] = ""
	s.tokens[tok] = true
	json.NewEncoder(w).Encode(map[string]string{"auth-token": tok})
}

func (s *standIn) store(w http.ResponseWriter, id string, body []byte) {
	var st map[string]any
	if err := json.Unmarshal(body, &st); err != nil || st["id"] != id {
		s.refuse(w, http.StatusBadRequest, "statement "+id+": not JSON or another id")
		return
	}
	if s.ids[id] {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	s.ids[id] = true
	s.stored = append(s.stored, st)
	w.WriteHeader(http.StatusNoContent)
}

func uuid() string {
	b := make([]byte, 16)
	rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

// launch is one AU session: what the LMS gave it.
type launch struct {
	pkg, page, mode, registration, session, activity, url string
}

var actor = map[string]any{"objectType": "Agent", "name": "Ana Doe", "account": map[string]any{"homePage": "https://lms.example.com", "name": "ana"}}

// launch prepares a session of AU page of package pkg in mode (Normal,
// Browse, Review) for registration, as the LMS does before it opens the
// AU, and returns it.
func (s *standIn) launch(pkg, page, mode, registration string) launch {
	s.mu.Lock()
	defer s.mu.Unlock()
	l := launch{pkg: pkg, page: page, mode: mode, registration: registration, session: uuid(), activity: s.activity[pkg+" "+page]}
	if l.activity == "" {
		s.t.Fatalf("no AU %s in %s", page, pkg)
	}
	template := map[string]any{"contextActivities": map[string]any{"grouping": []any{map[string]any{"id": l.activity, "objectType": "Activity"}}},
		"extensions": map[string]any{sessionID: l.session}}
	moveOn := "Completed"
	data := map[string]any{"contextTemplate": template, "launchMode": mode, "moveOn": moveOn, "returnURL": s.lms.URL + "/returned?session=" + l.session}
	if m := s.masteries[l.activity]; m > 0 {
		data["moveOn"], data["masteryScore"] = "CompletedAndPassed", m
	}
	doc, _ := json.Marshal(data)
	s.states["LMS.LaunchData "+l.activity+" "+registration] = doc
	s.stored = append(s.stored, map[string]any{"id": uuid(), "actor": actor, "verb": map[string]any{"id": "http://adlnet.gov/expapi/verbs/launched"},
		"object": map[string]any{"id": l.activity}, "context": map[string]any{"registration": registration, "contextActivities": map[string]any{
			"category": []any{map[string]any{"id": cmi5Cat}}}, "extensions": map[string]any{sessionID: l.session}}})
	tok := base64.StdEncoding.EncodeToString([]byte("au:" + l.session))
	s.fetched[l.session] = tok
	a, _ := json.Marshal(actor)
	q := url.Values{"endpoint": {s.lrs.URL + "/xapi/"}, "fetch": {s.lrs.URL + "/fetch/" + l.session}, "actor": {string(a)},
		"registration": {registration}, "activityId": {l.activity}}
	l.url = s.lms.URL + "/" + pkg + "/index.html?au=" + url.QueryEscape(page) + "&" + q.Encode()
	return l
}

// statements returns the statements stored for registration, the LMS's
// among them.
func (s *standIn) statements(registration string) []map[string]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, st := range s.stored {
		if ctx, _ := st["context"].(map[string]any); ctx["registration"] == registration {
			out = append(out, st)
		}
	}
	return out
}

func (s *standIn) setDown(down bool) {
	s.mu.Lock()
	s.down = down
	s.mu.Unlock()
}

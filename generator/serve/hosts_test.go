package serve

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestHostRule: bound to loopback, only loopback names; bound to 0.0.0.0
// or a LAN address, also this computer's names and current addresses, and
// never another name (DNS rebinding).
func TestHostRule(t *testing.T) {
	lan := func() []net.IP {
		return []net.IP{net.ParseIP("192.168.1.5"), net.ParseIP("fe80::1"), net.ParseIP("127.0.0.1")}
	}
	loopbackOnly := map[string]int{"localhost:1414": 200, "127.0.0.1:1414": 200, "[::1]:1414": 200,
		"192.168.1.5:1414": 403, "box:1414": 403, "box.local": 403, "evil.example": 403}
	shared := map[string]int{"localhost:1414": 200, "127.0.0.1:1414": 200, "[::1]:1414": 200,
		"192.168.1.5:1414": 200, "192.168.1.5": 200, "[fe80::1%25eth0]:1414": 200, "BOX:1414": 200, "box.local.": 200,
		"box.lan.example:1414": 200,
		"192.168.1.6:1414":     403, "evil.example": 403, "evil.example:1414": 403, "192.168.1.5.nip.io": 403,
		"box.evil.example": 403, "127.0.0.1.evil.example": 403, "": 403}
	for _, tt := range []struct {
		bound string
		want  map[string]int
	}{{"127.0.0.1", loopbackOnly}, {"localhost", loopbackOnly}, {"0.0.0.0", shared}, {"::", shared}, {"192.168.1.5", shared}} {
		s := New(Options{Host: tt.bound, Hostname: "box.lan.example", Addrs: lan})
		s.Publish(site("x"))
		for host, want := range tt.want {
			if w := get(t, s, "/", map[string]string{"Host": host}); w.Code != want {
				t.Errorf("bound to %s, Host %q: %d, want %d", tt.bound, host, w.Code, want)
			}
		}
	}
}

// TestSharedOnRealInterface serves on 0.0.0.0 and asks for the site by a
// non-loopback address of this machine, as a colleague's browser would.
func TestSharedOnRealInterface(t *testing.T) {
	var addr net.IP
	for _, ip := range interfaceAddrs() {
		if !ip.IsLoopback() && ip.To4() != nil {
			addr = ip
			break
		}
	}
	if addr == nil {
		t.Skip("no non-loopback IPv4 address")
	}
	s := New(Options{Host: "0.0.0.0"})
	s.Publish(site("shared"))
	ln, err := net.Listen("tcp", "0.0.0.0:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTP()
	go hs.Serve(ln)
	defer hs.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	url := "http://" + net.JoinHostPort(addr.String(), port) + "/"
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "shared") {
		t.Errorf("GET %s: %d %.80q", url, resp.StatusCode, body)
	}
	req, _ := http.NewRequest("GET", url, nil)
	req.Host = "rebound.example"
	if resp, err := http.DefaultClient.Do(req); err != nil || resp.StatusCode != 403 {
		t.Errorf("Host rebound.example: %v %v, want 403", resp.StatusCode, err)
	}
}

// TestTimeouts: a connection that sends its header slowly, or idles after
// a request, is closed; the reload stream outlives every timeout and still
// gets its event.
func TestTimeouts(t *testing.T) {
	const short = 300 * time.Millisecond
	s := New(Options{Host: "127.0.0.1", ReadTimeout: short, WriteTimeout: short, IdleTimeout: short})
	s.Publish(site("one"))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	hs := s.HTTP()
	go hs.Serve(ln)
	defer hs.Close()
	closedWithin := func(what string, c net.Conn, d time.Duration) {
		t.Helper()
		c.SetReadDeadline(time.Now().Add(d))
		if _, err := io.Copy(io.Discard, c); err != nil {
			t.Errorf("%s: connection still open after %v (%v)", what, d, err)
		}
	}
	slow, _ := net.Dial("tcp", ln.Addr().String())
	slow.Write([]byte("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")) // never ends its header
	closedWithin("slow header", slow, 10*short)
	idle, _ := net.Dial("tcp", ln.Addr().String())
	idle.Write([]byte("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
	closedWithin("idle keep-alive", idle, 10*short)

	conn, _ := net.Dial("tcp", ln.Addr().String())
	defer conn.Close()
	conn.Write([]byte("GET /__rapport/events?token=" + s.Token() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"))
	r := bufio.NewReader(conn)
	time.Sleep(4 * short) // past every timeout
	s.Publish(site("two"))
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			t.Fatalf("reload stream ended: %v", err)
		}
		if strings.HasPrefix(line, "event: reload") {
			break
		}
	}
}

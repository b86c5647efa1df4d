package collect

import (
	"cmp"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/big"
	"net"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	gpb "github.com/openconfig/gnmi/proto/gnmi"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/credentials"
	"google.golang.org/grpc/credentials/insecure"
	"google.golang.org/grpc/metadata"
	"google.golang.org/grpc/status"

	"github.com/mcaudit/mcaudit/snapshot"
	"github.com/mcaudit/mcaudit/snapshot/gnmidoc"
)

// DefaultGNMIPort is the port dialled when a target gives none.
const DefaultGNMIPort = 50051

// GNMI collects over gNMI: one Get per path, asking for JSON_IETF, each
// recorded as a gnmidoc.Document (pretty-printed JSON with sorted keys,
// which the parsers read back with line numbers for evidence).
//
// TLS is verified by default, against the system's roots or CAFile;
// Insecure (plaintext, no TLS at all) is used only when asked for. The
// username and password go as "username" and "password" metadata, the
// convention of gnmic, Telegraf and the gnmi module's own client.
type GNMI struct {
	Creds    Credentials
	Timeouts Timeouts
	// CAFile is a PEM file of the CA(s) that sign the targets'
	// certificates; empty means the system's roots.
	CAFile string
	// ServerName is the name to verify in the certificates instead of the
	// address dialled.
	ServerName string
	// Insecure speaks plaintext gRPC, without TLS: for labs only, and
	// only when asked for.
	Insecure bool
	// MaxOutput bounds one response's size, as SSH.MaxOutput bounds an
	// output; 0 means DefaultMaxOutput (gRPC's own default, 4 MB, is below
	// a large switch's interfaces tree).
	MaxOutput int64
	// DialOptions are added to the connection's options (tests).
	DialOptions []grpc.DialOption
}

// Collect Gets each of t's paths (commands written snapshot.GNMIPrefix +
// path). The first is required: any error on it fails the device. A later
// path the device does not serve (NotFound, Unimplemented,
// InvalidArgument) is an answer too: it comes back as a recorded
// refusal (a gnmidoc.Document with its status, Refused set), so that the
// audit and any replay of the snapshot say what the device said. Any
// other error (credentials, TLS, timeout, connection) fails the device.
func (g *GNMI) Collect(ctx context.Context, t Target) ([]snapshot.Output, error) {
	outs, _, err := g.CollectMeta(ctx, t)
	return outs, err
}

// CollectMeta is Collect, and what the device said of itself and of each
// request, for the snapshot's metadata: its Capabilities (asked first,
// to choose the encoding: JSON_IETF, else JSON where the target offers
// only that) and the status of every Get.
func (g *GNMI) CollectMeta(ctx context.Context, t Target) ([]snapshot.Output, *snapshot.GNMIMeta, error) {
	addr := gnmiAddress(t)
	opts, err := g.dialOptions()
	if err != nil {
		return nil, nil, fmt.Errorf("gNMI %s: %v", addr, err)
	}
	conn, err := grpc.NewClient(addr, opts...)
	if err != nil {
		return nil, nil, g.redact(fmt.Errorf("gNMI %s: %v", addr, err))
	}
	defer conn.Close()
	client := gpb.NewGNMIClient(conn)
	meta, err := g.capabilities(ctx, client, addr)
	if err != nil {
		return nil, nil, err
	}
	var out []snapshot.Output
	for i, c := range t.Commands {
		path, ok := strings.CutPrefix(c, snapshot.GNMIPrefix)
		if !ok {
			return out, meta, fmt.Errorf("gNMI %s: %q is not a gNMI path (want %s/path)", addr, c, snapshot.GNMIPrefix)
		}
		data, err := g.get(ctx, client, addr, path, meta.Encoding)
		if err != nil {
			var ge *GNMIError
			if i > 0 && errors.As(err, &ge) && ge.rejected() {
				st := &gnmidoc.Status{Code: ge.Code.String(), Message: g.mask(ge.Detail)}
				meta.Answers = append(meta.Answers, snapshot.Answer{Path: path, Status: st.Code, Message: st.Message})
				doc, err := gnmidoc.Encode(&gnmidoc.Document{Error: st, Path: path, Updates: []gnmidoc.Update{}})
				if err != nil {
					return out, meta, err
				}
				out = append(out, snapshot.Output{Command: c, Data: doc, Refused: st.String()})
				continue
			}
			return out, meta, err
		}
		meta.Answers = append(meta.Answers, snapshot.Answer{Path: path, Status: codes.OK.String()})
		out = append(out, snapshot.Output{Command: c, Data: data})
	}
	return out, meta, nil
}

// capabilitiesRPC stands for the Capabilities request where a path is
// named in errors.
const capabilitiesRPC = "Capabilities"

// capabilities asks what the target supports and picks the encoding. A
// target that does not answer Capabilities (Unimplemented and the like)
// is asked in JSON_IETF, and the metadata says it did not answer; one that
// fails it otherwise (credentials, TLS, connection) fails the device, as
// the first Get would.
func (g *GNMI) capabilities(ctx context.Context, client gpb.GNMIClient, addr string) (*snapshot.GNMIMeta, error) {
	meta := &snapshot.GNMIMeta{Encoding: "json_ietf"}
	ctx, cctx, cancel, timeout := g.call(ctx)
	defer cancel()
	resp, err := client.Capabilities(cctx, &gpb.CapabilityRequest{})
	if err != nil {
		e := g.explain(ctx, addr, capabilitiesRPC, timeout, err)
		var ge *GNMIError
		if errors.As(e, &ge) && (ge.rejected() || ge.Code == codes.Unknown) {
			meta.Capabilities = g.mask(ge.Code.String() + ": " + ge.Detail)
			return meta, nil
		}
		return nil, e
	}
	meta.Version = resp.GetGNMIVersion()
	for _, e := range resp.GetSupportedEncodings() {
		meta.Encodings = append(meta.Encodings, strings.ToLower(e.String()))
	}
	for _, m := range resp.GetSupportedModels() {
		meta.Models = append(meta.Models, strings.TrimSpace(m.GetName()+" "+m.GetVersion()))
	}
	if len(meta.Encodings) > 0 && !slices.Contains(meta.Encodings, "json_ietf") && slices.Contains(meta.Encodings, "json") {
		meta.Encoding = "json"
	}
	return meta, nil
}

// call bounds one RPC by the command timeout and carries the
// credentials. ctx comes back marked when the device's own deadline is
// the shorter (see explain); cctx is the RPC's.
func (g *GNMI) call(ctx context.Context) (outer, cctx context.Context, cancel context.CancelFunc, timeout time.Duration) {
	timeout = cmp.Or(g.Timeouts.Command, DefaultCommandTimeout)
	// Which deadline binds is decided now: when the server enforces it, the
	// RPC can fail a moment before the caller's own timer fires.
	if dl, ok := ctx.Deadline(); ok && time.Until(dl) < timeout {
		ctx = withDeviceDeadline(ctx)
	}
	cctx, cancel = context.WithTimeout(ctx, timeout)
	if g.Creds.Username != "" {
		cctx = metadata.AppendToOutgoingContext(cctx, "username", g.Creds.Username, "password", g.Creds.Password)
	}
	return ctx, cctx, cancel, timeout
}

// gnmiAddress is host:port for t; an address that already carries a
// port is used as it is.
func gnmiAddress(t Target) string {
	if t.Port == 0 {
		if _, _, err := net.SplitHostPort(t.Address); err == nil {
			return t.Address
		}
	}
	return net.JoinHostPort(t.Address, strconv.Itoa(cmp.Or(t.Port, DefaultGNMIPort)))
}

func (g *GNMI) dialOptions() ([]grpc.DialOption, error) {
	var creds credentials.TransportCredentials
	if g.Insecure {
		creds = insecure.NewCredentials()
	} else {
		cfg := &tls.Config{MinVersion: tls.VersionTLS12, ServerName: g.ServerName}
		if g.CAFile != "" {
			pem, err := os.ReadFile(g.CAFile)
			if err != nil {
				return nil, fmt.Errorf("CA file (--tls-ca): %v", err)
			}
			cfg.RootCAs = x509.NewCertPool()
			if !cfg.RootCAs.AppendCertsFromPEM(pem) {
				return nil, fmt.Errorf("CA file (--tls-ca) %s holds no PEM certificate", g.CAFile)
			}
		}
		creds = credentials.NewTLS(cfg)
	}
	opts := []grpc.DialOption{
		grpc.WithTransportCredentials(creds),
		// Each connection attempt, TCP and TLS handshake included, gets
		// the connect timeout; a Get fails fast when the attempt fails.
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff:           backoff.DefaultConfig,
			MinConnectTimeout: cmp.Or(g.Timeouts.Connect, DefaultConnectTimeout),
		}),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(int(min(cmp.Or(g.MaxOutput, DefaultMaxOutput), math.MaxInt32)))),
	}
	return append(opts, g.DialOptions...), nil
}

// get runs one Get and records its response.
func (g *GNMI) get(ctx context.Context, client gpb.GNMIClient, addr, path, encoding string) ([]byte, error) {
	p, err := gnmidoc.ParsePath(path)
	if err != nil {
		return nil, fmt.Errorf("gNMI %s: bad path %q: %v", addr, path, err)
	}
	ctx, cctx, cancel, timeout := g.call(ctx)
	defer cancel()
	// JSON_IETF is the encoding of YANG data, unless the target offers
	// only JSON; a "cli" origin (EOS) answers a show command's output, as
	// JSON.
	enc := gpb.Encoding_JSON_IETF
	if p.GetOrigin() == "cli" || encoding == "json" {
		enc = gpb.Encoding_JSON
	}
	resp, err := client.Get(cctx, &gpb.GetRequest{
		Path:     []*gpb.Path{p},
		Type:     gpb.GetRequest_ALL,
		Encoding: enc,
	})
	if err != nil {
		return nil, g.explain(ctx, addr, path, timeout, err)
	}
	doc := &gnmidoc.Document{Path: path, Updates: []gnmidoc.Update{}}
	for i, n := range resp.GetNotification() {
		if i == 0 {
			doc.Timestamp = n.GetTimestamp()
		}
		for _, u := range n.GetUpdate() {
			ps, err := fullPath(n.GetPrefix(), u.GetPath())
			if err != nil {
				return nil, fmt.Errorf("gNMI %s: Get %s: the device sent a bad path: %v", addr, path, err)
			}
			v, err := jsonValue(u.GetVal())
			if err != nil {
				return nil, fmt.Errorf("gNMI %s: Get %s: value at %s: %v", addr, path, ps, err)
			}
			doc.Updates = append(doc.Updates, gnmidoc.Update{Path: ps, Value: v})
		}
	}
	data, err := gnmidoc.Encode(doc)
	if err != nil {
		return nil, fmt.Errorf("gNMI %s: Get %s: %v", addr, path, err)
	}
	return data, nil
}

// fullPath joins a notification's prefix and an update's path, with the
// origin of either in front.
func fullPath(prefix, p *gpb.Path) (string, error) {
	var elems []string
	for _, x := range []*gpb.Path{prefix, p} {
		if x == nil || (len(x.GetElem()) == 0 && len(x.GetElement()) == 0) { //nolint:staticcheck // old targets send Element
			continue
		}
		s, err := gnmidoc.ElemStrings(x)
		if err != nil {
			return "", err
		}
		elems = append(elems, s...)
	}
	s := "/" + strings.Join(elems, "/")
	if o := cmp.Or(p.GetOrigin(), prefix.GetOrigin()); o != "" {
		s = o + ":" + s
	}
	return s, nil
}

// jsonValue turns a TypedValue into a JSON value: a JSON_IETF or JSON
// payload is decoded, a scalar becomes the matching JSON scalar.
func jsonValue(v *gpb.TypedValue) (any, error) {
	switch x := v.GetValue().(type) {
	case nil:
		return nil, nil
	case *gpb.TypedValue_JsonIetfVal:
		return decodePayload(x.JsonIetfVal)
	case *gpb.TypedValue_JsonVal: // some targets answer JSON when asked for JSON_IETF
		return decodePayload(x.JsonVal)
	case *gpb.TypedValue_StringVal:
		return x.StringVal, nil
	case *gpb.TypedValue_AsciiVal:
		return x.AsciiVal, nil
	case *gpb.TypedValue_IntVal:
		return json.Number(strconv.FormatInt(x.IntVal, 10)), nil
	case *gpb.TypedValue_UintVal:
		return json.Number(strconv.FormatUint(x.UintVal, 10)), nil
	case *gpb.TypedValue_BoolVal:
		return x.BoolVal, nil
	case *gpb.TypedValue_DoubleVal:
		return json.Number(strconv.FormatFloat(x.DoubleVal, 'g', -1, 64)), nil
	case *gpb.TypedValue_FloatVal: //nolint:staticcheck // deprecated, still sent
		return json.Number(strconv.FormatFloat(float64(x.FloatVal), 'g', -1, 32)), nil
	case *gpb.TypedValue_DecimalVal: //nolint:staticcheck // deprecated, still sent
		d := x.DecimalVal
		r := new(big.Rat).SetFrac(big.NewInt(d.GetDigits()), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.GetPrecision())), nil))
		return json.Number(r.FloatString(int(d.GetPrecision()))), nil
	case *gpb.TypedValue_BytesVal:
		return base64.StdEncoding.EncodeToString(x.BytesVal), nil
	case *gpb.TypedValue_LeaflistVal:
		out := []any{}
		for _, e := range x.LeaflistVal.GetElement() {
			ev, err := jsonValue(e)
			if err != nil {
				return nil, err
			}
			out = append(out, ev)
		}
		return out, nil
	}
	return nil, fmt.Errorf("unsupported value type %T", v.GetValue())
}

func decodePayload(b []byte) (any, error) {
	v, err := gnmidoc.DecodeJSON(b)
	if err != nil {
		return nil, fmt.Errorf("the device sent invalid JSON: %v", err)
	}
	return v, nil
}

// GNMIError is a Get the device (or the connection to it) failed, with a
// message that says what to do about it.
type GNMIError struct {
	Addr   string     // host:port
	Path   string     // the path asked for
	Code   codes.Code // the gRPC status code
	Detail string     // the device's own message
	msg    string
}

func (e *GNMIError) Error() string { return e.msg }

// rejected reports whether the device answered that it does not have or
// support the path, as opposed to failing altogether.
func (e *GNMIError) rejected() bool {
	return e.Code == codes.NotFound || e.Code == codes.Unimplemented || e.Code == codes.InvalidArgument
}

// explain turns a failed Get into a clear error naming the device's
// address. Nothing in it can hold the password: it is masked wherever the
// device or gRPC may have echoed it.
func (g *GNMI) explain(ctx context.Context, addr, path string, timeout time.Duration, err error) error {
	st, _ := status.FromError(err)
	detail := st.Message()
	e := &GNMIError{Addr: addr, Path: path, Code: st.Code(), Detail: detail}
	user := g.Creds.Username
	switch st.Code() {
	case codes.Unauthenticated:
		if user == "" {
			e.msg = fmt.Sprintf("gNMI %s: authentication failed: the device wants a username and password, and none was given (%s)", addr, detail)
		} else {
			e.msg = fmt.Sprintf("gNMI %s: authentication failed for user %q: the device rejected the username or password (%s)", addr, user, detail)
		}
	case codes.PermissionDenied:
		e.msg = fmt.Sprintf("gNMI %s: user %q may not read %s (permission denied: %s)", addr, user, path, detail)
	case codes.NotFound:
		e.msg = fmt.Sprintf("gNMI %s: path %s is not supported by the device (NotFound: %s)", addr, path, detail)
	case codes.Unimplemented:
		e.msg = fmt.Sprintf("gNMI %s: the device does not implement a Get of %s in JSON_IETF (Unimplemented: %s)", addr, path, detail)
	case codes.InvalidArgument:
		e.msg = fmt.Sprintf("gNMI %s: the device rejected the Get of %s (InvalidArgument: %s)", addr, path, detail)
	case codes.DeadlineExceeded:
		what := "the Get of " + path
		if path == capabilitiesRPC {
			what = "Capabilities"
		}
		if ctx.Err() != nil || deviceDeadline(ctx) {
			e.msg = fmt.Sprintf("gNMI %s: timeout: the device's time ran out waiting for the response to %s", addr, what)
		} else {
			e.msg = fmt.Sprintf("gNMI %s: timeout: no response to %s within %s", addr, what, timeout)
		}
	case codes.Canceled:
		if ctx.Err() != nil {
			return fmt.Errorf("gNMI %s: Get %s: %w", addr, path, ctx.Err())
		}
		e.msg = fmt.Sprintf("gNMI %s: the Get of %s was cancelled: %s", addr, path, detail)
	case codes.Unavailable:
		e.msg = unavailable(addr, g.Insecure, detail)
	default:
		e.msg = fmt.Sprintf("gNMI %s: Get %s failed: %s: %s", addr, path, st.Code(), detail)
	}
	e.msg = g.mask(e.msg)
	return e
}

// unavailable explains a connection that could not be made: most often
// TLS, since grpc.NewClient does no I/O and the first Get is where the
// handshake fails.
func unavailable(addr string, plaintext bool, detail string) string {
	low := strings.ToLower(detail)
	switch {
	case strings.Contains(low, "x509") || strings.Contains(low, "certificate"):
		why := detail
		if i := strings.Index(detail, "tls: "); i >= 0 {
			why = detail[i:]
		}
		why = strings.TrimRight(why, "\"")
		return fmt.Sprintf("gNMI %s: the device's TLS certificate could not be verified (%s): "+
			"give the CA that signs it with --tls-ca FILE (and --tls-server-name if the certificate names another host), "+
			"or use --insecure if the device serves gNMI without TLS (labs only)", addr, why)
	case strings.Contains(low, "first record does not look like a tls handshake"):
		return fmt.Sprintf("gNMI %s: the device does not speak TLS on this port: if its gNMI server is plaintext, use --insecure (labs only)", addr)
	case plaintext && (strings.Contains(low, "server preface") || strings.Contains(low, "eof") || strings.Contains(low, "connection reset")):
		return fmt.Sprintf("gNMI %s: the connection closed before gNMI started: the device probably expects TLS; drop --insecure (%s)", addr, detail)
	case strings.Contains(low, "handshake"):
		return fmt.Sprintf("gNMI %s: the TLS handshake failed (%s); check --tls-ca, --tls-server-name, or --insecure for a plaintext device", addr, detail)
	}
	return fmt.Sprintf("gNMI %s: cannot connect: %s", addr, detail)
}

// redact masks the password in an error that did not go through explain.
func (g *GNMI) redact(err error) error {
	if err == nil || g.Creds.Password == "" || !strings.Contains(err.Error(), g.Creds.Password) {
		return err
	}
	return errors.New(g.mask(err.Error()))
}

func (g *GNMI) mask(s string) string {
	if g.Creds.Password == "" {
		return s
	}
	return strings.ReplaceAll(s, g.Creds.Password, "********")
}

type deviceDeadlineKey struct{}

// withDeviceDeadline marks a context whose deadline, the device's, is
// shorter than the command timeout.
func withDeviceDeadline(ctx context.Context) context.Context {
	return context.WithValue(ctx, deviceDeadlineKey{}, true)
}

func deviceDeadline(ctx context.Context) bool {
	v, _ := ctx.Value(deviceDeadlineKey{}).(bool)
	return v
}

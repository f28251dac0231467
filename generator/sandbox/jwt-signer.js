// postforge JWT signer (RS256/RS384/RS512, RSASSA-PKCS1-v1_5) for the Postman sandbox.
// The sandbox has BigInt and crypto-js but no node:crypto, WebCrypto, TextEncoder or (in the app) Buffer,
// so base64, UTF-8, DER and the RSA arithmetic are done here. Errors never quote key text.
function postforgeSignJwt(opts) {
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'; // base64url alphabet
  // Hash name in crypto-js and the DER DigestInfo prefix (RFC 8017 section 9.2, note 1).
  var ALGS = {
    RS256: ['SHA256', '3031300d060960864801650304020105000420'],
    RS384: ['SHA384', '3041300d060960864801650304020205000430'],
    RS512: ['SHA512', '3051300d060960864801650304020305000440']
  };
  var name = opts.keyName || 'PRIVATE_KEY';
  function fail(why) { throw new Error(name + ': ' + why); }
  var DECRYPT = 'private key is encrypted; decrypt it first, e.g. openssl pkey -in key.pem -out key-plain.pem';
  var NOT_RSA = ' key found, but ' + opts.alg + ' needs an RSA private key';

  function b64decode(s) {
    s = s.replace(/\s+/g, '').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
    if (!/^[\w-]*$/.test(s) || s.length % 4 === 1) return null;
    var out = new Uint8Array(s.length * 3 >> 2), acc = 0, bits = 0, j = 0;
    for (var i = 0; i < s.length; i++) {
      acc = (acc << 6 | B64.indexOf(s[i])) & 0xffffff;
      bits += 6;
      if (bits >= 8) { bits -= 8; out[j++] = acc >> bits & 255; }
    }
    return out;
  }
  function b64url(bytes) {
    var s = '';
    for (var i = 0; i < bytes.length; i += 3) {
      // Reading past the end yields undefined, which `<<` turns into 0.
      var n = bytes[i] << 16 | bytes[i + 1] << 8 | bytes[i + 2];
      s += B64[n >> 18 & 63] + B64[n >> 12 & 63] +
        (i + 1 < bytes.length ? B64[n >> 6 & 63] : '') + (i + 2 < bytes.length ? B64[n & 63] : '');
    }
    return s;
  }
  function utf8(s) {
    var out = [];
    for (var i = 0; i < s.length; i++) {
      var c = s.codePointAt(i);
      if (c > 0xffff) i++; // astral character: skip its low surrogate
      if (c < 0x80) out.push(c);
      else if (c < 0x800) out.push(0xc0 | c >> 6, 0x80 | c & 63);
      else if (c < 0x10000) out.push(0xe0 | c >> 12, 0x80 | c >> 6 & 63, 0x80 | c & 63);
      else out.push(0xf0 | c >> 18, 0x80 | c >> 12 & 63, 0x80 | c >> 6 & 63, 0x80 | c & 63);
    }
    return out;
  }
  function hex(b, s, e) {
    var h = '';
    for (var i = s; i < e; i++) h += (b[i] + 256).toString(16).slice(1);
    return h;
  }

  // Minimal DER: read the TLV at `pos`, which must carry `tag`; return its content range.
  function tlv(b, pos, tag) {
    var len = b[pos + 1], p = pos + 2;
    if (b[pos] !== tag || len === 0x80) fail('malformed private key (bad DER)');
    if (len > 0x80) {
      var n = len - 0x80;
      for (len = 0; n-- > 0;) len = len * 256 + b[p++];
    }
    if (!(p + len <= b.length)) fail('malformed private key (bad DER)'); // also catches NaN
    return { s: p, e: p + len };
  }
  // PKCS#8 PrivateKeyInfo or PKCS#1 RSAPrivateKey, told apart by structure rather than PEM label.
  function parseDer(b) {
    var top = tlv(b, 0, 0x30), v = tlv(b, top.s, 2);
    if (b[v.e] === 0x30) {
      var algId = tlv(b, v.e, 0x30), oid = tlv(b, algId.s, 6), o = hex(b, oid.s, oid.e);
      if (o === '2a8648ce3d0201') fail('EC' + NOT_RSA);
      if (/^2b65(70|71)$/.test(o)) fail('EdDSA' + NOT_RSA);
      if (o !== '2a864886f70d010101') fail('not an RSA key (algorithm is not rsaEncryption)');
      var inner = tlv(b, algId.e, 4);
      return parseDer(b.subarray(inner.s, inner.e));
    }
    var k = [], p = v.e; // n, e, d, p, q, dp, dq, qinv
    for (var i = 0; i < 8; i++) {
      var x = tlv(b, p, 2);
      k.push(BigInt('0x0' + hex(b, x.s, x.e)));
      p = x.e;
    }
    return k;
  }

  function readKey(text) {
    if (typeof text !== 'string' || !text.trim()) fail('private key is empty or not set');
    // Undo what CI variables do to PEM: quotes, literal "\n" escapes, CRLF.
    var s = text.trim().replace(/^(['"])([\s\S]*)\1$/, '$2').trim()
      .replace(/\\r/g, '').replace(/\\n/g, '\n').replace(/\r/g, '');
    if (s.indexOf('-----BEGIN') < 0) {
      var raw = b64decode(s);
      if (!raw || raw.length > 65536) fail('not a PEM private key (no -----BEGIN line)');
      var decoded = String.fromCharCode.apply(null, raw);
      if (decoded.indexOf('-----BEGIN') >= 0) return readKey(decoded); // base64 of the whole PEM
      if (raw[0] === 0x30) return parseDer(raw); // bare base64 DER
      fail('not a PEM private key (no -----BEGIN line)');
    }
    var m = /-----BEGIN (RSA )?PRIVATE KEY-----([\s\S]*?)-----END (RSA )?PRIVATE KEY-----/.exec(s);
    if (!m) {
      var labels = (s.match(/-----BEGIN [A-Z0-9 ]{1,40}-----/g) || []).join('|');
      if (/ENCRYPTED/.test(labels)) fail(DECRYPT);
      if (/OPENSSH/.test(labels)) fail('OpenSSH key format; convert it with ssh-keygen -p -m PEM -f key');
      var other = /(EC|DSA) PRIVATE/.exec(labels);
      if (other) fail(other[1] + NOT_RSA);
      if (/PUBLIC KEY/.test(labels)) fail('this is a public key; signing needs the private key');
      if (/CERTIFICATE/.test(labels)) fail('this is a certificate; signing needs the private key');
      fail('malformed private key (no complete BEGIN/END PRIVATE KEY block)');
    }
    if (/Proc-Type:\s*4,ENCRYPTED/.test(m[2])) fail(DECRYPT);
    // Drop RFC 1421 header lines ("Name: value"), keep the base64 body.
    var der = b64decode(m[2].replace(/^.*:.*$/gm, ''));
    if (!der || !der.length) fail('malformed private key (bad base64)');
    return parseDer(der);
  }

  // x^e mod m by left-to-right sliding windows over odd powers; plain BigInt `%` measured faster here
  // than Montgomery or Barrett reduction, which each need extra full-size multiplications.
  function modPow(x, e, m) {
    var bits = e.toString(2), w = bits.length > 768 ? 6 : bits.length > 96 ? 5 : 1;
    var odd = [x], x2 = x * x % m, r = 1n, i = 0;
    for (var t = 1; t < 1 << (w - 1); t++) odd[t] = odd[t - 1] * x2 % m;
    while (i < bits.length) {
      if (bits[i] === '0') { r = r * r % m; i++; continue; }
      var j = Math.min(i + w, bits.length);
      while (bits[j - 1] === '0') j--; // windows end on a 1 bit
      for (var k = i; k < j; k++) r = r * r % m;
      r = r * odd[parseInt(bits.slice(i, j), 2) >> 1] % m;
      i = j;
    }
    return r;
  }

  var spec = /^RS(256|384|512)$/.test(opts.alg) && ALGS[opts.alg];
  if (!spec) fail('unsupported alg "' + String(opts.alg).slice(0, 16) + '"; use RS256, RS384 or RS512');
  var key = readKey(opts.privateKey), n = key[0], p = key[3], q = key[4];
  if (p * q !== n || n < 2n) fail('malformed private key (inconsistent RSA parameters)');
  var nHex = n.toString(16), size = (nHex.length + 1) >> 1;
  if (size < 256) fail('RSA key is ' + nHex.length * 4 + ' bits; ' + opts.alg + ' needs at least 2048');

  var header = opts.header ? Object.assign({}, opts.header, { alg: opts.alg }) : { alg: opts.alg, typ: 'JWT' };
  var input = b64url(utf8(JSON.stringify(header))) + '.' + b64url(utf8(JSON.stringify(opts.claims)));
  // EMSA-PKCS1-v1_5: 00 01 FF..FF 00 DigestInfo. The signing input is ASCII, so crypto-js hashes it as is.
  var T = spec[1] + require('crypto-js')[spec[0]](input).toString();
  var em = BigInt('0x0001' + 'ff'.repeat(size - 3 - T.length / 2) + '00' + T);

  // CRT: two half-size exponentiations, recombined with Garner's formula.
  var m1 = modPow(em % p, key[5], p), m2 = modPow(em % q, key[6], q);
  var sig = m2 + ((key[7] * (m1 - m2)) % p + p) % p * q;
  // A wrong CRT result would leak a factor of n, so check the signature with the public exponent.
  if (modPow(sig, key[1], n) !== em) fail('malformed private key (signature self-check failed)');
  var sHex = sig.toString(16).padStart(size * 2, '0'), out = [];
  for (var i = 0; i < size; i++) out.push(parseInt(sHex.substr(i * 2, 2), 16));
  return input + '.' + b64url(out);
}

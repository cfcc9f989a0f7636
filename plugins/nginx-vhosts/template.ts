/**
 * The built-in app template, in the sigil (Go text/template) dialect an app's own
 * `nginx.conf.sigil` uses, rendered by sigil/render.ts with the variables of vars.ts. Written for
 * this project after the behaviour Dokku documents (reference 9.3.6): one server per http/https
 * port map, an http-to-https redirect on the proxy port once a certificate is in use, grpc(s)
 * servers, and one upstream per container port with a server line per live web container.
 * dokku-compat: the redirect applies to the http map on the app's proxy port (Dokku: port 80).
 * dokku-compat: when the listeners are published host ports (`DOKKU_APP_LISTENERS_PUBLISHED`, a
 * swarm app's tasks) a server line takes the listener's own port; otherwise the container port of
 * its upstream, as in Dokku.
 */
const LOCATION = `
  location    / {
{{- if $.DOKKU_APP_WEB_LISTENERS }}
    gzip on;
    gzip_min_length  1100;
    gzip_buffers  4 32k;
    gzip_types    text/css text/javascript text/xml text/plain text/x-component application/javascript application/x-javascript application/json application/xml  application/rss+xml font/truetype application/x-font-ttf font/opentype application/vnd.ms-fontobject image/svg+xml;
    gzip_vary on;
    gzip_comp_level  6;

    proxy_pass  http://{{ $.APP }}-{{ $upstream_port }};
    proxy_http_version 1.1;
    proxy_connect_timeout {{ $.PROXY_CONNECT_TIMEOUT }};
    proxy_read_timeout {{ $.PROXY_READ_TIMEOUT }};
    proxy_send_timeout {{ $.PROXY_SEND_TIMEOUT }};
    proxy_buffer_size {{ $.PROXY_BUFFER_SIZE }};
    proxy_buffering {{ $.PROXY_BUFFERING }};
    proxy_buffers {{ $.PROXY_BUFFERS }};
    proxy_busy_buffers_size {{ $.PROXY_BUSY_BUFFERS_SIZE }};
    proxy_set_header Upgrade $http_upgrade;
    proxy_set_header Connection $http_connection;
    proxy_set_header Host $http_host;
    proxy_set_header X-Forwarded-For {{ $.PROXY_X_FORWARDED_FOR }};
    proxy_set_header X-Forwarded-Port {{ $.PROXY_X_FORWARDED_PORT }};
    proxy_set_header X-Forwarded-Proto {{ $.PROXY_X_FORWARDED_PROTO }};
    {{- if $.PROXY_X_FORWARDED_SSL }}
    proxy_set_header X-Forwarded-Ssl {{ $.PROXY_X_FORWARDED_SSL }};
    {{- end }}
    proxy_set_header X-Request-Start $msec;
{{- else }}
    return 502;
{{- end }}
  }

  client_max_body_size {{ $.CLIENT_MAX_BODY_SIZE }};

  error_page 400 401 402 403 405 406 407 408 409 410 411 412 413 414 415 416 417 418 420 422 423 424 426 428 429 431 444 449 450 451 /400-error.html;
  location /400-error.html {
    root {{ $.DOKKU_LIB_ROOT }}/data/nginx-vhosts/dokku-errors;
    internal;
  }

  error_page 404 /404-error.html;
  location /404-error.html {
    root {{ $.DOKKU_LIB_ROOT }}/data/nginx-vhosts/dokku-errors;
    internal;
  }

  error_page 500 501 503 504 505 506 507 508 509 510 511 /500-error.html;
  location /500-error.html {
    root {{ $.DOKKU_LIB_ROOT }}/data/nginx-vhosts/dokku-errors;
    internal;
  }

  error_page 502 /502-error.html;
  location /502-error.html {
    root {{ $.DOKKU_LIB_ROOT }}/data/nginx-vhosts/dokku-errors;
    internal;
  }
  include {{ $.DOKKU_ROOT }}/{{ $.APP }}/nginx.conf.d/*.conf;`;

const COMMON = `
  access_log  {{ $.NGINX_ACCESS_LOG_PATH }}{{ if and $.NGINX_ACCESS_LOG_FORMAT (ne $.NGINX_ACCESS_LOG_PATH "off") }} {{ $.NGINX_ACCESS_LOG_FORMAT }}{{ end }};
  error_log   {{ $.NGINX_ERROR_LOG_PATH }};
  underscores_in_headers {{ $.NGINX_UNDERSCORE_IN_HEADERS }};
  client_body_timeout {{ $.CLIENT_BODY_TIMEOUT }};
  client_header_timeout {{ $.CLIENT_HEADER_TIMEOUT }};
  keepalive_timeout {{ $.KEEPALIVE_TIMEOUT }};
  lingering_timeout {{ $.LINGERING_TIMEOUT }};
  send_timeout {{ $.SEND_TIMEOUT }};`;

const LISTEN = (flags: string) => `
  listen      [{{ $.NGINX_BIND_ADDRESS_IP6 }}]:{{ $listen_port }}${flags};
  listen      {{ if $.NGINX_BIND_ADDRESS_IP4 }}{{ $.NGINX_BIND_ADDRESS_IP4 }}:{{ end }}{{ $listen_port }}${flags};`;

const TLS_LISTEN_FLAGS = `{{ if ne $.HTTP2_DIRECTIVE_SUPPORTED "true" }}{{ if eq $.HTTP2_SUPPORTED "true" }} http2{{ end }}{{ end }}`;

const TLS = `
  {{- if eq $.HTTP2_DIRECTIVE_SUPPORTED "true" }}
  http2 on;
  {{- end }}
  ssl_certificate           {{ $.APP_SSL_PATH }}/server.crt;
  ssl_certificate_key       {{ $.APP_SSL_PATH }}/server.key;
  ssl_protocols             TLSv1.2{{ if eq $.TLS13_SUPPORTED "true" }} TLSv1.3{{ end }};
  ssl_prefer_server_ciphers off;`;

export const BUILTIN_TEMPLATE = `{{- /* dokku-ts built-in nginx.conf.sigil */ -}}
{{ range $port_map := .PROXY_PORT_MAP | split " " }}
{{ $port_map_list := $port_map | split ":" }}
{{ $scheme := index $port_map_list 0 }}
{{ $listen_port := index $port_map_list 1 }}
{{ $upstream_port := index $port_map_list 2 }}

{{ if eq $scheme "http" }}
server {${LISTEN("")}
  {{ if $.NOSSL_SERVER_NAME }}server_name {{ $.NOSSL_SERVER_NAME }};{{ end }}${COMMON}
{{ if and (eq $listen_port $.PROXY_PORT) $.SSL_INUSE }}
  include {{ $.DOKKU_ROOT }}/{{ $.APP }}/nginx.conf.d/*.conf;
  location / {
    return 301 https://$host:{{ $.PROXY_SSL_PORT }}$request_uri;
  }
{{ else }}${LOCATION}
{{ end }}
}
{{ else if eq $scheme "https" }}
server {${LISTEN(` ssl${TLS_LISTEN_FLAGS}`)}
  {{ if $.SSL_SERVER_NAME }}server_name {{ $.SSL_SERVER_NAME }};{{ end }}${COMMON}${TLS}
${LOCATION}
}
{{ else if eq $scheme "grpc" }}
{{ if $.DOKKU_APP_WEB_LISTENERS }}
server {${LISTEN(TLS_LISTEN_FLAGS.replace('{{ if eq $.HTTP2_SUPPORTED "true" }} http2{{ end }}', " http2"))}
  {{- if eq $.HTTP2_DIRECTIVE_SUPPORTED "true" }}
  http2 on;
  {{- end }}
  {{ if $.NOSSL_SERVER_NAME }}server_name {{ $.NOSSL_SERVER_NAME }};{{ end }}${COMMON}
  location / {
    grpc_pass grpc://{{ $.APP }}-{{ $upstream_port }};
  }
  include {{ $.DOKKU_ROOT }}/{{ $.APP }}/nginx.conf.d/*.conf;
}
{{ end }}
{{ else if eq $scheme "grpcs" }}
{{ if $.DOKKU_APP_WEB_LISTENERS }}
server {${LISTEN(` ssl${TLS_LISTEN_FLAGS.replace('{{ if eq $.HTTP2_SUPPORTED "true" }} http2{{ end }}', " http2")}`)}
  {{ if $.SSL_SERVER_NAME }}server_name {{ $.SSL_SERVER_NAME }};{{ end }}${COMMON}${TLS}
  location / {
    grpc_pass grpc://{{ $.APP }}-{{ $upstream_port }};
  }
  include {{ $.DOKKU_ROOT }}/{{ $.APP }}/nginx.conf.d/*.conf;
}
{{ end }}
{{ end }}
{{ end }}

{{ if $.DOKKU_APP_WEB_LISTENERS }}
{{ range $upstream_port := $.PROXY_UPSTREAM_PORTS | split " " }}
upstream {{ $.APP }}-{{ $upstream_port }} {
{{- if $.PROXY_KEEPALIVE }}
  keepalive {{ $.PROXY_KEEPALIVE }};
{{- end }}
{{- range $listener := $.DOKKU_APP_WEB_LISTENERS | split " " }}
{{- $listener_list := $listener | split ":" }}
  server {{ index $listener_list 0 }}:{{ if eq $.DOKKU_APP_LISTENERS_PUBLISHED "true" }}{{ index $listener_list 1 }}{{ else }}{{ $upstream_port }}{{ end }};
{{- end }}
}
{{ end }}
{{ end }}
`;

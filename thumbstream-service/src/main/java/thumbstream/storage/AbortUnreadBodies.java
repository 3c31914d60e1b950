package thumbstream.storage;

import java.io.IOException;
import okhttp3.Call;
import okhttp3.Interceptor;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.ForwardingSource;
import okio.Okio;

/**
 * A GET body closed before its end cancels its call. OkHttp would otherwise read the rest of it
 * (for up to 100 ms) to reuse the connection: on a fast link that is megabytes of an object the
 * caller refused after its first bytes. The cancelled call's connection is not reused; bodies read
 * to their end are untouched.
 */
final class AbortUnreadBodies implements Interceptor {

    @Override
    public Response intercept(Chain chain) throws IOException {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        long length = body.contentLength();
        if (!"GET".equals(chain.request().method()) || !response.isSuccessful() || length <= 0) {
            return response;
        }
        Call call = chain.call();
        ForwardingSource counted = new ForwardingSource(body.source()) {
            private long read;

            @Override
            public long read(Buffer sink, long byteCount) throws IOException {
                long n = super.read(sink, byteCount);
                if (n > 0) {
                    read += n;
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                if (read < length) {
                    call.cancel(); // closes the socket: the close below then has nothing to drain
                }
                super.close();
            }
        };
        return response.newBuilder()
                .body(ResponseBody.create(Okio.buffer(counted), body.contentType(), length))
                .build();
    }
}

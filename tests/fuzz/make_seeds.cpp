// Writes the seed corpora of tests/fuzz/corpus/: one valid example of each
// input a fuzz target reads, made with a fixed test identity so that the
// files are the same on every run. Run after a change to a format:
//   build/dev/tests/fuzz/make_seeds tests/fuzz/corpus
#include "sync/protocol.hpp"
#include "test_support.hpp"

#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace fangsiang;
namespace fs = std::filesystem;

namespace {

void write(const fs::path& dir, const std::string& name, std::string_view bytes) {
    fs::create_directories(dir);
    std::ofstream(dir / name, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}
void write(const fs::path& dir, const std::string& name, core::ByteView bytes) { write(dir, name, core::asText(bytes)); }

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds CORPUS_DIR\n");
        return 2;
    }
    const fs::path out = argv[1];
    const auto device = test::seededIdentity(7);
    core::SecretKey<32> hubSeed;
    for (std::size_t i = 0; i < hubSeed.size(); ++i)
        hubSeed.data()[i] = 9;
    const auto hub = core::signingKeyPairFromSeed(hubSeed);

    std::vector<core::Bytes> records;
    core::ChainHead head;
    for (int i = 0; i < 3; ++i) {
        auto record = core::signRecord(test::surveyDraft(i), head, test::kTestTimeMs + i, device);
        if (!record)
            return 1;
        head = core::ChainHead{record->sequence(), core::hashBytes(record->bytes())};
        records.emplace_back(record->bytes().begin(), record->bytes().end());
    }
    write(out / "record", "survey", records[0]);

    sync::Batch batch{device.publicKey(), sync::Nonce{}, {}, records};
    auto encoded = sync::encodeBatch(batch, sync::IdentitySigner(device));
    if (!encoded)
        return 1;
    write(out / "batch", "plain", *encoded);
    const core::Bytes frame = sync::compress(*encoded);
    write(out / "batch", "zstd", frame);
    write(out / "export", "two-parts", sync::encodeExportFile({frame, frame}));

    sync::PushAck ack{device.publicKey(), sync::Nonce{}, 3, head.hash, 3, 0, {}, test::kTestTimeMs};
    write(out / "envelope", "push-ack", sync::signEnvelope("push-ack", sync::encodePushAckBody(ack), hub.secretKey));
    sync::ContentBundle bundle{2, test::kTestTimeMs, {{"catalogue.json", R"({"format":1})"}}};
    write(out / "envelope", "content", sync::signEnvelope("content", sync::encodeContentBody(bundle), hub.secretKey));
    sync::EnrolAnswer answer{device.publicKey(), "6340105", "เทศบาลตำบลตัวอย่าง", 1, hub.publicKey, {}, test::kTestTimeMs};
    write(out / "envelope", "enrolled", sync::encodeEnrolAnswerBody(answer));

    const std::string code = "ABCD2345EFGH";
    sync::EnrolRequest request{code, device.publicKey(), device.sign(sync::enrolProofMessage(code, device.publicKey())),
                               "counter 1"};
    write(out / "enrol", "request", sync::encodeEnrolRequest(request));
    return 0;
}

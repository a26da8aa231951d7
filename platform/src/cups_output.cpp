// A receipt printer behind CUPS: the ESC/POS job goes to the queue raw, so
// the queue's driver must pass it through unchanged.

#include "platform/receipt_printer.hpp"

#include <cups/cups.h>

#include <memory>

namespace fangsiang::platform {

namespace {

using core::ErrorCode;
using core::makeError;

class CupsQueueOutput final : public PrinterOutput {
public:
    explicit CupsQueueOutput(std::string queue) : m_queue(std::move(queue)) {}

    core::Result<std::string> send(core::ByteView job, const std::string& name) override {
        std::unique_ptr<cups_dest_t, void (*)(cups_dest_t*)> dest(
            cupsGetNamedDest(CUPS_HTTP_DEFAULT, m_queue.c_str(), nullptr),
            [](cups_dest_t* d) { cupsFreeDests(1, d); });
        if (!dest)
            return makeError(ErrorCode::NotFound, "there is no print queue \"" + m_queue +
                                                      "\" (is CUPS running, and is the queue set up? lpstat -p lists them)");
        const int id = cupsCreateJob(CUPS_HTTP_DEFAULT, m_queue.c_str(), name.c_str(), 0, nullptr);
        if (id == 0)
            return failure("could not start a job on");
        if (cupsStartDocument(CUPS_HTTP_DEFAULT, m_queue.c_str(), id, name.c_str(), CUPS_FORMAT_RAW, 1) !=
            HTTP_STATUS_CONTINUE) {
            cupsCancelJob(m_queue.c_str(), id);
            return failure("could not send the job to");
        }
        if (cupsWriteRequestData(CUPS_HTTP_DEFAULT, reinterpret_cast<const char*>(job.data()), job.size()) !=
            HTTP_STATUS_CONTINUE) {
            (void)cupsFinishDocument(CUPS_HTTP_DEFAULT, m_queue.c_str());
            cupsCancelJob(m_queue.c_str(), id);
            return failure("could not send the job to");
        }
        if (cupsFinishDocument(CUPS_HTTP_DEFAULT, m_queue.c_str()) != IPP_STATUS_OK)
            return failure("the job was not taken by");
        return "sent to the print queue " + m_queue + " as job " + std::to_string(id);
    }

private:
    core::Error failure(const std::string& what) const {
        const ipp_status_t status = cupsLastError();
        const ErrorCode code = status == IPP_STATUS_ERROR_NOT_AUTHORIZED || status == IPP_STATUS_ERROR_FORBIDDEN ||
                                       status == IPP_STATUS_ERROR_NOT_AUTHENTICATED
                                   ? ErrorCode::Permissions
                               : status == IPP_STATUS_ERROR_NOT_FOUND ? ErrorCode::NotFound
                                                                      : ErrorCode::Io;
        return makeError(code, what + " the print queue " + m_queue + ": " + cupsLastErrorString());
    }

    std::string m_queue;
};

}  // namespace

std::unique_ptr<PrinterOutput> cupsQueueOutput(std::string queue) {
    return std::make_unique<CupsQueueOutput>(std::move(queue));
}

}  // namespace fangsiang::platform

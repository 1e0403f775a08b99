// luma job get|wait|delete ID... and luma jobs.

#include <iostream>
#include <memory>

#include "commands.hpp"
#include "exit_codes.hpp"
#include "local_files.hpp"
#include "output.hpp"
#include "terminal_text.hpp"
#include "wait_and_save.hpp"

namespace useapi::luma::cli {
namespace {

using nlohmann::json;

struct JobArgs {
  std::vector<std::string> ids;
  std::string out;  // job wait: save the media here when set
};

void addGet(CLI::App& job, Action& action) {
  auto args = std::make_shared<JobArgs>();
  CLI::App* command = job.add_subcommand("get", "Show the current record of jobs");
  command->add_option("ids", args->ids, "Job ids")->required();
  command->callback([&action, args] {
    action = [args](Session& session) {
      json records = json::array();
      for (const auto& id : args->ids) {
        const Job record = session.client.getJob(id);
        if (session.options.json) {
          records.push_back(jobJson(record));
        } else {
          printJob(std::cout, record);
        }
      }
      if (session.options.json) printJson({{"jobs", records}});
      return ExitSuccess;
    };
  });
}

void addWait(CLI::App& job, Action& action) {
  auto args = std::make_shared<JobArgs>();
  CLI::App* command = job.add_subcommand("wait", "Wait until jobs are final (and save them)");
  command->add_option("ids", args->ids, "Job ids")->required();
  command->add_option("--out", args->out, "Save the completed jobs' media in this folder");
  command->callback([&action, args] {
    action = [args](Session& session) {
      SaveOptions save;
      save.download = !args->out.empty();
      if (save.download) {
        save.folder = args->out;
        checkWritableFolder(save.folder, "--out");
      }
      return waitAndSave(session, args->ids, save);
    };
  });
}

void addDelete(CLI::App& job, Action& action) {
  auto args = std::make_shared<JobArgs>();
  CLI::App* command = job.add_subcommand("delete", "Remove finished jobs from the tracker");
  command->add_option("ids", args->ids, "Job ids")->required();
  command->callback([&action, args] {
    action = [args](Session& session) {
      json deleted = json::array();
      for (const auto& id : args->ids) {
        session.client.deleteJob(id);
        deleted.push_back(id);
        if (!session.options.json) std::cout << "deleted " << printable(id) << '\n';
      }
      if (session.options.json) printJson({{"deleted", deleted}});
      return ExitSuccess;
    };
  });
}

void addList(CLI::App& app, Action& action) {
  CLI::App* command = app.add_subcommand("jobs", "List the running jobs");
  command->callback([&action] {
    action = [](Session& session) {
      const JobList list = session.client.listJobs();
      if (session.options.json) {
        json jobs = json::array();
        for (const auto& job : list.jobs) {
          jobs.push_back({{"jobid", job.jobid},
                          {"type", std::string(toString(job.type))},
                          {"account", job.account},
                          {"model", job.model},
                          {"created", job.created}});
        }
        printJson({{"executing", list.executing}, {"jobs", jobs}});
        return ExitSuccess;
      }
      std::cout << list.executing << " running\n";
      for (const auto& job : list.jobs) {
        std::cout << printable(job.jobid) << "  " << toString(job.type) << "  "
                  << printable(job.model) << "  " << printable(job.account) << "  "
                  << printable(job.created) << '\n';
      }
      return ExitSuccess;
    };
  });
}

}  // namespace

void addJobCommands(CLI::App& app, Action& action) {
  CLI::App* job = app.add_subcommand("job", "Look at, wait for or delete jobs by id");
  job->require_subcommand(1);
  addGet(*job, action);
  addWait(*job, action);
  addDelete(*job, action);
  addList(app, action);
}

}  // namespace useapi::luma::cli
